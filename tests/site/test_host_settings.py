"""A host's settings: ``leernetwerk.configure(globals())`` adds what the plugin needs without
taking anything of the host's away, and the system checks name what is missing or unwise."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from leernetwerk import configure
from leernetwerk.kernel import checks, conf

REPO = Path(__file__).resolve().parents[2]

AXES_BACKEND = "axes.backends.AxesStandaloneBackend"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
OIDC_BACKEND = "mozilla_django_oidc.auth.OIDCAuthenticationBackend"
AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
OTP_MIDDLEWARE = "django_otp.middleware.OTPMiddleware"
TWO_FACTOR_MIDDLEWARE = "leernetwerk.kernel.members.security.TwoFactorRequiredMiddleware"
AXES_MIDDLEWARE = "axes.middleware.AxesMiddleware"
NOTIFICATIONS = "leernetwerk.kernel.context_processors.notifications"
PLUGIN_APPS = [
    "leernetwerk.learning",
    "leernetwerk.patterns",
    "leernetwerk.casework",
    "leernetwerk.kernel",
    "channels",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "wagtail.contrib.routable_page",
    "wagtail.api.v2",
]


def wagtail_start_settings() -> dict:
    """The lists of a fresh ``wagtail start`` project's ``settings/base.py`` (Wagtail 8)."""
    return {
        "INSTALLED_APPS": [
            "home",
            "search",
            "wagtail.contrib.forms",
            "wagtail.contrib.redirects",
            "wagtail.embeds",
            "wagtail.sites",
            "wagtail.users",
            "wagtail.snippets",
            "wagtail.documents",
            "wagtail.images",
            "wagtail.search",
            "wagtail.admin",
            "wagtail",
            "modelcluster",
            "taggit",
            "django_filters",
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
        ],
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            AUTH_MIDDLEWARE,
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "wagtail.contrib.redirects.middleware.RedirectMiddleware",
        ],
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.debug",
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ],
                },
            },
        ],
        "WAGTAIL_SITE_NAME": "mysite",
        "WAGTAILADMIN_BASE_URL": "http://example.com",
    }


# --- configure() -------------------------------------------------------------------------


def test_a_wagtail_start_host_gets_what_the_plugin_needs():
    host = wagtail_start_settings()
    configure(host)

    apps = host["INSTALLED_APPS"]
    assert apps[0] == "daphne"
    # After the host's own apps, before Wagtail's and Django's, in the documented order.
    assert apps[1:3] == ["home", "search"]
    assert apps[3 : 3 + len(PLUGIN_APPS)] == PLUGIN_APPS
    assert apps[3 + len(PLUGIN_APPS)] == "wagtail.contrib.forms"
    assert "wagtail.contrib.settings" not in apps  # the plugin does not use it

    middleware = host["MIDDLEWARE"]
    at = middleware.index(AUTH_MIDDLEWARE)
    assert middleware[at + 1 : at + 3] == [OTP_MIDDLEWARE, TWO_FACTOR_MIDDLEWARE]
    assert middleware[-1] == AXES_MIDDLEWARE
    assert host["AUTHENTICATION_BACKENDS"] == [AXES_BACKEND, MODEL_BACKEND]
    assert host["TEMPLATES"][0]["OPTIONS"]["context_processors"][-1] == NOTIFICATIONS

    assert host["ASGI_APPLICATION"] == "leernetwerk.asgi.application"
    assert host["CHANNEL_LAYERS"] == {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    }
    assert host["LOGIN_URL"] == "login"
    assert host["LOGIN_REDIRECT_URL"] == "/"  # not Django's /accounts/profile/ (a 404)
    assert host["LOGOUT_REDIRECT_URL"] == "/"
    assert host["WAGTAIL_FRONTEND_LOGIN_URL"] == "login"
    assert host["WAGTAIL_GRAVATAR_PROVIDER_URL"] is None
    assert host["AXES_FAILURE_LIMIT"] == 5
    assert host["AXES_COOLOFF_TIME"] == 1
    assert host["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]
    assert host["AXES_RESET_ON_SUCCESS"] is False
    assert host["AXES_LOCKOUT_TEMPLATE"] == "leernetwerk_kernel/registration/locked_out.html"
    assert host["OTP_TOTP_ISSUER"] == "mysite"
    assert not any(name.startswith("LEERNETWERK_") for name in host)  # conf.DEFAULTS hold those


def test_a_host_with_an_sso_backend_keeps_it():
    host = {"AUTHENTICATION_BACKENDS": [OIDC_BACKEND, MODEL_BACKEND]}
    configure(host)
    assert host["AUTHENTICATION_BACKENDS"] == [AXES_BACKEND, OIDC_BACKEND, MODEL_BACKEND]


def test_a_host_that_lists_routable_page_and_the_api_gets_no_duplicate():
    host = wagtail_start_settings()
    host["INSTALLED_APPS"] += ["wagtail.contrib.routable_page", "wagtail.api.v2"]
    host["INSTALLED_APPS"].insert(0, "axes.apps.AppConfig")  # an AppConfig path counts too
    configure(host)
    apps = host["INSTALLED_APPS"]
    assert apps.count("wagtail.contrib.routable_page") == 1
    assert apps.count("wagtail.api.v2") == 1
    assert "axes" not in apps and apps.count("axes.apps.AppConfig") == 1
    assert apps[-2:] == [
        "wagtail.contrib.routable_page",
        "wagtail.api.v2",
    ]  # where the host had them


def test_calling_configure_twice_changes_nothing():
    host = wagtail_start_settings()
    configure(host)
    once = copy.deepcopy(host)
    configure(host)
    assert host == once


def test_what_the_host_set_is_kept():
    host = {
        **wagtail_start_settings(),
        "ASGI_APPLICATION": "mysite.asgi.application",
        "CHANNEL_LAYERS": conf.redis_channel_layer("redis://127.0.0.1:6379/0"),
        "LOGIN_URL": "/sso/login/",
        "LOGIN_REDIRECT_URL": "/dashboard/",
        "WAGTAIL_GRAVATAR_PROVIDER_URL": "https://avatars.gemeente.nl/avatar",
        "AXES_FAILURE_LIMIT": 10,
        "OTP_TOTP_ISSUER": "Gemeente",
    }
    before = copy.deepcopy(host)
    configure(host)
    for name in (
        "ASGI_APPLICATION",
        "CHANNEL_LAYERS",
        "LOGIN_URL",
        "LOGIN_REDIRECT_URL",
        "WAGTAIL_GRAVATAR_PROVIDER_URL",
        "AXES_FAILURE_LIMIT",
        "OTP_TOTP_ISSUER",
    ):
        assert host[name] == before[name], name
    # Every entry of the host's lists is still there, in the host's order.
    for name in ("INSTALLED_APPS", "MIDDLEWARE"):
        kept = [entry for entry in host[name] if entry in before[name]]
        assert kept == before[name], name


def test_django_s_default_login_redirect_is_replaced():
    host = {"LOGIN_REDIRECT_URL": "/accounts/profile/"}
    configure(host)
    assert host["LOGIN_REDIRECT_URL"] == "/"


def test_tuples_and_empty_settings_work():
    host = {"INSTALLED_APPS": ("home",), "MIDDLEWARE": (AUTH_MIDDLEWARE,)}
    configure(host)
    assert host["INSTALLED_APPS"] == ["daphne", "home", *PLUGIN_APPS]
    assert host["MIDDLEWARE"] == [
        AUTH_MIDDLEWARE,
        OTP_MIDDLEWARE,
        TWO_FACTOR_MIDDLEWARE,
        AXES_MIDDLEWARE,
    ]
    assert host["AUTHENTICATION_BACKENDS"] == [AXES_BACKEND, MODEL_BACKEND]


def test_two_hosts_share_no_mutable_default():
    first, second = {}, {}
    configure(first)
    configure(second)
    first["CHANNEL_LAYERS"]["default"]["BACKEND"] = "changed"
    first["AXES_LOCKOUT_PARAMETERS"].append("ip_address")
    assert second["CHANNEL_LAYERS"]["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"
    assert second["AXES_LOCKOUT_PARAMETERS"] == [["username", "ip_address"]]


def test_importing_leernetwerk_imports_nothing_of_django():
    code = (
        "import sys, leernetwerk; "
        "assert callable(leernetwerk.configure); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- conf ----------------------------------------------------------------------------------


def test_every_plugin_setting_read_has_a_default(settings):
    assert conf.get("LEERNETWERK_2FA_REQUIRED_ROLES") == ()  # the documented default: none
    settings.LEERNETWERK_CASES_PER_PAGE = 5
    assert conf.get("LEERNETWERK_CASES_PER_PAGE") == 5
    with pytest.raises(KeyError):
        conf.get("LEERNETWERK_NOT_A_SETTING")


def test_plugin_code_reads_its_settings_only_through_conf():
    offenders = []
    for folder in ("leernetwerk", "casework", "patterns", "learning"):
        for path in (REPO / folder).rglob("*.py"):
            if "migrations" in path.parts or path.name == "conf.py":
                continue
            text = path.read_text(encoding="utf-8")
            if "settings.LEERNETWERK_" in text or '(settings, "LEERNETWERK_' in text:
                offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
    assert not (REPO / "patterns" / "conf.py").exists()


@pytest.mark.django_db  # the default Site record is the next source
def test_public_origin_falls_back_to_wagtailadmin_base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://beheer.gemeente.nl/"
    assert conf.public_origin() == "https://beheer.gemeente.nl"
    settings.LEERNETWERK_PUBLIC_ORIGIN = "https://leernetwerk.gemeente.nl"
    assert conf.public_origin() == "https://leernetwerk.gemeente.nl"
    del settings.LEERNETWERK_PUBLIC_ORIGIN
    del settings.WAGTAILADMIN_BASE_URL
    assert conf.public_origin() == ""


def test_the_redis_helper_gives_the_recommended_layer():
    host = {"address": "redis://redis:6379/1", "max_connections": 2000, "socket_timeout": None}
    assert conf.redis_channel_layer("redis://redis:6379/1") == {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [host]},
        }
    }
    assert conf.redis_channel_layer(["redis://redis:6379/1"], pubsub=False) == {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [host], "capacity": 2000, "expiry": 300},
        }
    }


# --- system checks -------------------------------------------------------------------------


def ids(messages) -> list[str]:
    return [message.id for message in messages]


def test_the_demo_settings_pass_every_check():
    assert checks.check_host_settings() == []


def test_e001_a_missing_app(monkeypatch):
    installed = ["daphne", *PLUGIN_APPS, "django.contrib.staticfiles"]
    monkeypatch.setattr(checks, "_installed_app_names", lambda: installed)
    assert ids(checks.check_host_settings()) == []
    installed.remove("wagtail.api.v2")
    messages = checks.check_host_settings()
    assert ids(messages) == ["leernetwerk.E001"]
    assert "'wagtail.api.v2'" in messages[0].msg


def test_w005_daphne_after_staticfiles(monkeypatch):
    installed = [*PLUGIN_APPS, "django.contrib.staticfiles", "daphne"]
    monkeypatch.setattr(checks, "_installed_app_names", lambda: installed)
    assert ids(checks.check_host_settings()) == ["leernetwerk.W005"]
    installed.insert(0, installed.pop())
    assert ids(checks.check_host_settings()) == []


def test_e002_missing_or_misplaced_middleware(settings):
    fixed = list(settings.MIDDLEWARE)
    settings.MIDDLEWARE = [name for name in fixed if name != OTP_MIDDLEWARE]
    assert ids(checks.check_host_settings()) == ["leernetwerk.E002"]
    # Two-factor before the authentication it needs.
    settings.MIDDLEWARE = [TWO_FACTOR_MIDDLEWARE, *(n for n in fixed if n != TWO_FACTOR_MIDDLEWARE)]
    assert ids(checks.check_host_settings()) == ["leernetwerk.E002"]
    settings.MIDDLEWARE = fixed
    assert ids(checks.check_host_settings()) == []


def test_w006_axes_middleware_not_last(settings):
    fixed = list(settings.MIDDLEWARE)
    settings.MIDDLEWARE = [AXES_MIDDLEWARE, *(n for n in fixed if n != AXES_MIDDLEWARE)]
    assert ids(checks.check_host_settings()) == ["leernetwerk.W006"]
    settings.MIDDLEWARE = fixed
    assert ids(checks.check_host_settings()) == []


def test_e003_no_axes_backend(settings):
    settings.AUTHENTICATION_BACKENDS = [OIDC_BACKEND, MODEL_BACKEND]
    assert ids(checks.check_host_settings()) == ["leernetwerk.E003"]
    settings.AUTHENTICATION_BACKENDS = [AXES_BACKEND, OIDC_BACKEND, MODEL_BACKEND]
    assert ids(checks.check_host_settings()) == []


def test_e004_no_notifications_context_processor(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    processors.remove(NOTIFICATIONS)
    settings.TEMPLATES = templates
    assert ids(checks.check_host_settings()) == ["leernetwerk.E004"]
    processors.append(NOTIFICATIONS)
    settings.TEMPLATES = copy.deepcopy(templates)
    assert ids(checks.check_host_settings()) == []


def test_e005_e006_no_asgi_application_or_channel_layer(settings):
    del settings.ASGI_APPLICATION
    settings.CHANNEL_LAYERS = {}
    assert ids(checks.check_host_settings()) == ["leernetwerk.E005", "leernetwerk.E006"]
    settings.ASGI_APPLICATION = "leernetwerk.asgi.application"
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    assert ids(checks.check_host_settings()) == []


def test_e007_a_public_origin_with_a_path(settings):
    settings.LEERNETWERK_PUBLIC_ORIGIN = "https://www.gemeente.nl/leernetwerk"
    assert ids(checks.check_host_settings()) == ["leernetwerk.E007"]
    settings.LEERNETWERK_PUBLIC_ORIGIN = "https://leernetwerk.gemeente.nl"
    assert ids(checks.check_host_settings()) == []


@pytest.fixture
def production(settings):
    """DEBUG off and everything production needs, so each test breaks one thing."""
    settings.DEBUG = False
    settings.LEERNETWERK_PUBLIC_ORIGIN = "https://leernetwerk.gemeente.nl"
    settings.LEERNETWERK_2FA_REQUIRED_ROLES = ["Managers"]
    settings.CHANNEL_LAYERS = conf.redis_channel_layer("redis://127.0.0.1:6379/0")
    assert checks.check_production_settings() == []
    return settings


@pytest.mark.django_db  # the default Site record is the next source
def test_w001_no_public_origin(production):
    del production.LEERNETWERK_PUBLIC_ORIGIN
    del production.WAGTAILADMIN_BASE_URL
    assert ids(checks.check_production_settings()) == ["leernetwerk.W001"]
    production.WAGTAILADMIN_BASE_URL = "http://example.com"  # what wagtail start writes
    assert ids(checks.check_production_settings()) == ["leernetwerk.W001"]
    production.WAGTAILADMIN_BASE_URL = "https://leernetwerk.gemeente.nl"
    assert ids(checks.check_production_settings()) == []


def test_w002_no_role_must_use_two_factor(production):
    production.LEERNETWERK_2FA_REQUIRED_ROLES = []
    assert ids(checks.check_production_settings()) == ["leernetwerk.W002"]
    production.LEERNETWERK_2FA_REQUIRED_ROLES = ["Managers", "Redacteuren"]
    assert ids(checks.check_production_settings()) == []


def test_w003_the_in_memory_channel_layer(production):
    production.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    assert ids(checks.check_production_settings()) == ["leernetwerk.W003"]
    production.CHANNEL_LAYERS = conf.redis_channel_layer("redis://127.0.0.1:6379/0")
    assert ids(checks.check_production_settings()) == []


def test_w004_a_redis_layer_with_channels_redis_defaults(production):
    production.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:6379/0"]},
        }
    }
    messages = checks.check_production_settings()
    assert ids(messages) == ["leernetwerk.W004"]
    assert "capacity 100" in messages[0].msg and "expiry 60" in messages[0].msg
    production.CHANNEL_LAYERS = conf.redis_channel_layer("redis://127.0.0.1:6379/0")
    assert ids(checks.check_production_settings()) == []


def test_production_warnings_are_silent_while_debug_is_on(production):
    production.DEBUG = True
    del production.LEERNETWERK_PUBLIC_ORIGIN
    del production.WAGTAILADMIN_BASE_URL
    production.LEERNETWERK_2FA_REQUIRED_ROLES = []
    production.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    assert checks.check_production_settings() == []


# --- a host set up as the README says, in a process of its own ------------------------------

HOST_SETTINGS = """
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "a-long-random-secret-key-for-a-host-check-0123456789abcdefghij"
DEBUG = {debug}
ALLOWED_HOSTS = ["mysite.example.nl"]
ROOT_URLCONF = "hosturls"
DATABASES = {{
    "default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
}}
STATIC_URL = "/static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
WAGTAIL_SITE_NAME = "mysite"
WAGTAILADMIN_BASE_URL = "http://example.com"
{lists}

from leernetwerk import configure

configure(globals())
"""

BASE_HTML = """<!DOCTYPE html>
<html lang="nl">
<head><title>{% block title %}{% endblock %}</title>{% block extra_css %}{% endblock %}</head>
<body>{% block content %}{% endblock %}{% block extra_js %}{% endblock %}</body>
</html>
"""

HOST_URLS = """
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("", include("leernetwerk.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("", include(wagtail_urls)),
]
"""


def _host_deploy_check(tmp_path: Path, *, debug: bool) -> str:
    host = wagtail_start_settings()
    host["INSTALLED_APPS"].remove("home")  # the project's own apps, not needed here
    host["INSTALLED_APPS"].remove("search")
    # The project's base template, with the blocks of wagtail start's.
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "base.html").write_text(BASE_HTML)
    host["TEMPLATES"][0]["DIRS"] = [str(tmp_path / "templates")]
    lists = "\n".join(
        f"{name} = {host[name]!r}" for name in ("INSTALLED_APPS", "MIDDLEWARE", "TEMPLATES")
    )
    (tmp_path / "hostsettings.py").write_text(HOST_SETTINGS.format(debug=debug, lists=lists))
    (tmp_path / "hosturls.py").write_text(HOST_URLS)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "LEERNETWERK")) and key != "PYTHONPATH"
    }
    env.update(DJANGO_SETTINGS_MODULE="hostsettings", PYTHONPATH=str(tmp_path))
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", "check", "--deploy"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout + result.stderr


def _settings_check_ids(output: str) -> list[str]:
    """The ids of this module's checks (``leernetwerk.E0xx``/``W0xx``; the template checks of
    ``leernetwerk.W1xx`` have tests of their own) in ``manage.py check``'s output."""
    return sorted(set(re.findall(r"\((leernetwerk\.[EW]0\d\d)\)", output)))


def test_a_readme_host_in_development_shows_nothing_of_ours(tmp_path):
    output = _host_deploy_check(tmp_path, debug=True)
    assert "security.W018" in output  # Django's own DEBUG warning: the check ran
    assert _settings_check_ids(output) == []


def test_a_readme_host_in_production_is_told_what_it_has_not_configured(tmp_path):
    output = _host_deploy_check(tmp_path, debug=False)
    # wagtail start's WAGTAILADMIN_BASE_URL is the placeholder http://example.com: W001.
    assert _settings_check_ids(output) == [
        "leernetwerk.W001",
        "leernetwerk.W002",
        "leernetwerk.W003",
    ]
