"""Security headers: the front end's Content-Security-Policy (no inline script or style), the
Wagtail admin's own policy, nosniff and the referrer policy; HSTS in the production settings;
and templates that the CSP would break (inline scripts, event handlers, style attributes)."""

from __future__ import annotations

import json
import re
import secrets

import pytest

from tests.servers import REPO
from tests.site.test_settings_and_commands import PROD_ENV, _manage


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/lessen/", "/leersessies/"])
def test_public_pages_send_a_strict_content_security_policy(client, network, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"], directive
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]  # the site's own websocket: ws(s) of this host
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_member_pages_send_the_policy_too(client, network, professional):
    client.force_login(professional)
    response = client.get(network["cases"].url)
    assert response.status_code == 200
    assert _policy(response)["script-src"] == ["'self'"]


def test_the_wagtail_admin_has_its_own_policy_without_a_script_rule(client, network):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = _policy(response)
    # Wagtail's admin runs inline scripts: a script-src would have to allow them all anyway.
    assert "script-src" not in policy and "default-src" not in policy
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")")
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


def test_no_template_needs_unsafe_inline():
    """Every front-end template runs under ``script-src 'self'; style-src 'self'``."""
    folders = [
        REPO / "templates",
        *(
            REPO / app / "templates"
            for app in ("leernetwerk/kernel", "casework", "patterns", "learning")
        ),
        REPO / "site" / "home" / "templates",
    ]
    templates = [path for folder in folders if folder.exists() for path in folder.rglob("*.html")]
    assert len(templates) > 50
    offending = []
    for path in templates:
        text = path.read_text()
        for rule, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("inline event handler", EVENT_HANDLER),
            ("style attribute", STYLE_ATTRIBUTE),
        ):
            if pattern.search(text):
                offending.append(f"{path.relative_to(REPO)}: {rule}")
    assert not offending, offending


def _production_settings(**env: str) -> dict:
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'hsts': s.SECURE_HSTS_SECONDS, 'ssl_redirect': s.SECURE_SSL_REDIRECT, "
        "'connect': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['connect-src']}))"
    )
    result = _manage(
        "shell", "-c", code, "--settings=config.settings.production", env={**PROD_ENV, **env}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_as_configured():
    assert _production_settings()["hsts"] == 31_536_000  # a year by default
    assert _production_settings(SECURE_HSTS_SECONDS="600")["hsts"] == 600
    values = _production_settings(
        SECURE_HSTS_SECONDS="0", ALLOWED_HOSTS="a.example.nl,.gemeente.nl"
    )
    assert values["hsts"] == 0
    # The websocket origins of the hosts, for browsers where 'self' does not cover wss:.
    assert values["connect"] == ["'self'", "wss://a.example.nl", "wss://*.gemeente.nl"]


def test_deploy_check_is_clean_for_production_with_a_sqlite_database(tmp_path):
    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
    }
    result = _manage(
        "check", "--deploy", "--settings=config.settings.production", env={**PROD_ENV, **env}
    )
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout, result.stderr
    assert "no issues" in result.stdout
    # Switching HSTS off is what the deploy check then warns about.
    off = _manage(
        "check",
        "--deploy",
        "--settings=config.settings.production",
        env={**PROD_ENV, **env, "SECURE_HSTS_SECONDS": "0"},
    )
    assert "security.W004" in off.stderr + off.stdout
