"""The README's install section is what scripts/plugin-install-check.sh applies to a fresh
``wagtail start`` project: every step a new site needs is a code block naming its file."""

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _apply_module():
    spec = importlib.util.spec_from_file_location(
        "plugin_install_apply", REPO / "scripts" / "plugin_install_apply.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_install_section_names_every_file_the_proof_changes():
    apply = _apply_module()
    section = apply.section_text((REPO / "README.md").read_text(encoding="utf-8"))
    blocks = {path: (how, code) for path, how, _anchor, code in apply.blocks(section)}

    assert set(blocks) == {
        "mysite/settings/base.py",
        "mysite/urls.py",
        "mysite/asgi.py",
        "mysite/templates/base.html",
    }
    settings_code = blocks["mysite/settings/base.py"][1]
    for needed in (
        '"daphne"',
        '"casework"',
        '"django_otp"',
        '"axes"',
        '"wagtail.contrib.routable_page"',
        '"wagtail.api.v2"',
        "TwoFactorRequiredMiddleware",
        "leernetwerk.kernel.context_processors.notifications",
        "ASGI_APPLICATION",
        "CHANNEL_LAYERS",
    ):
        assert needed in settings_code, needed
    urls_code = blocks["mysite/urls.py"][1]
    for needed in (
        "leernetwerk.kernel.members.urls_accounts",
        "leernetwerk.casework.urls",
        "api_router.urls",
    ):
        assert needed in urls_code, needed
    assert "AuthMiddlewareStack" in blocks["mysite/asgi.py"][1]
    assert "notifications_link.html" in blocks["mysite/templates/base.html"][1]
