"""The plugin's pages in any host: every page extends the plugin's base template, which fills only
the standard blocks of the host's base; the plugin's stylesheet defines every class its templates
and scripts use, and no plugin page depends on the demo's stylesheet; a host base without one of
those blocks gets a system check warning; head tags that matter also go out as HTTP headers."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from leernetwerk.kernel.checks_templates import check_base_template
from tests.servers import REPO

TEMPLATE_FOLDERS = [
    REPO / app / "templates" for app in ("leernetwerk/kernel", "casework", "patterns", "learning")
]
STATIC_FOLDERS = [
    REPO / app / "static" for app in ("leernetwerk/kernel", "casework", "patterns", "learning")
]
PLUGIN_BASE = "leernetwerk_kernel/base.html"
#: Templates that are neither pages nor includes: e-mail bodies and Wagtail admin panels.
NOT_PAGES = {
    "leernetwerk_kernel/registration/password_reset_email.html",
    "leernetwerk_learning/dashboard/admin_figure_panel.html",
    "leernetwerk_learning/dashboard/admin_summary_panel.html",
}
#: The blocks a plugin page may fill: the plugin base's own, and the title.
PAGE_BLOCKS = {
    "title",
    "leernetwerk_head",
    "leernetwerk_content",
    "leernetwerk_css",
    "leernetwerk_js",
}
#: Classes of Wagtail's admin, used by the admin panels and the dashboard figures they share.
ADMIN_CLASSES = {"listing", "listing--dashboard", "help", "w-sr-only"}

TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")
CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
CSS_CLASS = re.compile(r"\.(-?[a-zA-Z_][\w-]*)")


def _templates():
    for folder in TEMPLATE_FOLDERS:
        for path in sorted(folder.rglob("*.html")):
            yield path.relative_to(folder).as_posix(), path.read_text()


def _template_classes() -> dict[str, set[str]]:
    """Every class a plugin template names, by template; a class made from a prefix and a
    variable (``ln-badge--order-{{ order }}``) counts as its prefix with a trailing ``*``."""
    found: dict[str, set[str]] = {}
    for name, text in _templates():
        for value in CLASS_ATTRIBUTE.findall(text):
            value = re.sub(r"(-)(?:\{\{.*?\}\})", r"\1* ", value)
            for token in TAG.sub(" ", value).split():
                found.setdefault(token, set()).add(name)
    return found


def _script_classes() -> set[str]:
    """``ln-`` classes named in the plugin's scripts (selectors and classList calls)."""
    scripts = [path for folder in STATIC_FOLDERS for path in folder.rglob("*.js")]
    assert scripts
    return {name for path in scripts for name in re.findall(r"\bln-[\w-]+", path.read_text())}


def _css_classes(paths) -> set[str]:
    classes = set()
    for path in paths:
        text = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
        text = re.sub(r'"[^"]*"', "", text)  # content: "● "
        classes |= set(CSS_CLASS.findall(text))
    return classes


def _plugin_css() -> set[str]:
    sheets = [path for folder in STATIC_FOLDERS for path in folder.rglob("*.css")]
    assert any(path.name == "leernetwerk.css" for path in sheets)
    return _css_classes(sheets)


def test_every_plugin_page_extends_the_plugin_base_and_fills_only_its_blocks():
    pages = 0
    for name, text in _templates():
        if name == PLUGIN_BASE:
            continue
        extends = re.match(r'\{% extends "([^"]+)" %\}', text)
        if extends is None:
            assert "{% extends" not in text, name
            assert "/includes/" in name or name in NOT_PAGES or name.endswith(".txt"), (
                f"{name}: neither a page (extending {PLUGIN_BASE}) nor an include"
            )
            continue
        pages += 1
        assert extends.group(1) == PLUGIN_BASE, name
        blocks = set(re.findall(r"\{% block (\w+) %\}", text))
        assert blocks <= PAGE_BLOCKS, f"{name} fills {blocks - PAGE_BLOCKS}"
        assert "leernetwerk_content" in blocks, name
    assert pages > 40


def test_the_plugin_css_defines_every_class_of_its_templates_and_scripts():
    defined = _plugin_css()
    used = {name for name in _template_classes() if name.startswith("ln-")} | _script_classes()
    missing = set()
    for name in used:
        if name.endswith("*"):
            if not any(css.startswith(name[:-1]) for css in defined):
                missing.add(name)
        elif name not in defined:
            missing.add(name)
    assert not missing, f"not in the plugin's stylesheets: {sorted(missing)}"


def test_plugin_templates_use_only_their_own_classes():
    """Namespaced classes only (a host's .card or .button never restyles a plugin page), and none
    that only the demo's site.css defines: the plugin's pages look right without it."""
    demo_only = _css_classes([REPO / "static" / "css" / "site.css"]) - _plugin_css()
    foreign = {}
    for name, templates in _template_classes().items():
        if name.startswith("ln-") or name == "ln-root":
            continue
        admin_only = all(t in NOT_PAGES or "dashboard/includes/" in t for t in templates)
        if name in ADMIN_CLASSES and admin_only:
            continue
        foreign[name] = sorted(templates)
    assert not foreign, f"classes outside the ln- namespace: {foreign}"
    used = set(_template_classes())
    assert not used & demo_only, sorted(used & demo_only)


# --- the host's base template: the system check ---------------------------------------------

FULL_BASE = """<!DOCTYPE html><html><head><title>{% block title %}{% endblock %}</title>
{% block extra_css %}{% endblock %}</head>
<body><main>{% block content %}{% endblock %}</main>
{% block extra_js %}{% endblock %}</body></html>"""


def _host(templates: dict[str, str], base: str = "host_base.html"):
    """Settings for a host whose templates are these literal strings (the plugin's templates come
    from the apps, as in any host)."""
    return override_settings(
        LEERNETWERK_BASE_TEMPLATE=base,
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {
                    "loaders": [
                        ("django.template.loaders.locmem.Loader", templates),
                        "django.template.loaders.app_directories.Loader",
                    ],
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                        "leernetwerk.kernel.context_processors.notifications",
                    ],
                },
            }
        ],
    )


def test_the_demo_hosts_base_template_has_every_block():
    assert check_base_template() == []


def test_a_base_with_every_block_is_silent():
    with _host({"host_base.html": FULL_BASE}):
        assert check_base_template() == []


def test_a_base_without_extra_css_gets_one_warning_naming_it():
    with _host({"host_base.html": FULL_BASE.replace("{% block extra_css %}{% endblock %}", "")}):
        warnings = check_base_template()
    assert [warning.id for warning in warnings] == ["leernetwerk.W103"]
    assert "{% block extra_css %}" in warnings[0].msg and "unstyled" in warnings[0].msg


def test_blocks_of_the_layout_a_base_extends_count():
    layout = FULL_BASE.replace(
        "{% block extra_js %}{% endblock %}", "{% block scripts %}{% endblock %}"
    )
    base = (
        '{% extends "layout.html" %}'
        "{% block scripts %}{% block extra_js %}{% endblock %}{% endblock %}"
    )
    with _host({"layout.html": layout, "host_base.html": base}):
        assert check_base_template() == []
    with _host({"layout.html": layout, "host_base.html": '{% extends "layout.html" %}'}):
        assert [warning.id for warning in check_base_template()] == ["leernetwerk.W104"]


def test_a_missing_base_template_is_named():
    with _host({}, base="nowhere.html"):
        warnings = check_base_template()
    assert [warning.id for warning in warnings] == ["leernetwerk.W101"]
    assert "nowhere.html" in warnings[0].msg


# --- the plugin's pages inside another host's base -----------------------------------------

#: The blocks of ``wagtail start``'s base.html (no extra_head), trimmed.
WAGTAIL_START_BASE = """<!DOCTYPE html><html><head>
<title>{% block title %}{% endblock %} - mysite</title>
{% block extra_css %}{% endblock %}</head><body class="{% block body_class %}{% endblock %}">
<div id="host">{% block content %}{% endblock %}</div>
{% block extra_js %}{% endblock %}</body></html>"""


@pytest.mark.django_db
def test_a_plugin_page_renders_inside_a_wagtail_start_base(client, professional):
    client.force_login(professional)
    with _host({"my_base.html": WAGTAIL_START_BASE}, base="my_base.html"):
        html = client.get(reverse("leernetwerk_members:notifications")).content.decode()
    assert '<div id="host"><div class="ln-root">' in html
    head = html.split("</head>")[0]
    assert "<title>Meldingen - mysite</title>" in head
    assert "leernetwerk_kernel/leernetwerk.css" in head
    assert 'id="notification-count"' in html and 'id="notification-flash"' in html
    body_end = html.split("</div>")[-1]
    assert "leernetwerk_kernel/live.js" in body_end


def test_head_tags_reach_the_head_of_a_base_without_extra_head(client, network):
    with _host({"my_base.html": WAGTAIL_START_BASE}, base="my_base.html"):
        lessons = client.get(network["lessons"].url).content.decode()
        invitation = client.get("/netwerk/leden/uitnodigingen/accepteren/nope/").content.decode()
    head = lessons.split("</head>")[0]
    assert 'rel="canonical"' in head and 'type="application/rss+xml"' in head
    assert 'property="og:title"' in head
    assert '<meta name="robots" content="noindex">' in invitation.split("</head>")[0]


# --- head tags that also go out as HTTP headers ---------------------------------------------


@pytest.mark.django_db
def test_login_account_and_invitation_pages_ask_not_to_be_indexed(client, professional):
    assert client.get(reverse("login"))["X-Robots-Tag"] == "noindex"
    assert client.get("/netwerk/leden/uitnodigingen/accepteren/nope/")["X-Robots-Tag"] == "noindex"
    client.force_login(professional)
    assert client.get(reverse("leernetwerk_members:profile"))["X-Robots-Tag"] == "noindex"
    assert "X-Robots-Tag" not in client.get("/lessen/")


def test_the_lessons_index_names_its_feeds_and_canonical_address_in_a_header(client, network):
    link = client.get(network["lessons"].url)["Link"]
    assert '<http://127.0.0.1:8000/lessen/>; rel="canonical"' in link
    assert 'rel="alternate"; type="application/rss+xml"' in link
    assert 'rel="alternate"; type="application/atom+xml"' in link
