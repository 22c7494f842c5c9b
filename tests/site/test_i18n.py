"""Dutch by default, English only by choice."""

import pytest

pytestmark = pytest.mark.django_db


def test_dutch_is_the_default_even_for_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Geleerde lessen" in html
    assert "Naar de hoofdinhoud" in html


def test_language_switch_sets_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/lessen/"})
    assert response.status_code == 302
    html = client.get("/lessen/").content.decode()
    assert '<html lang="en">' in html
    assert "Lessons learned" in html
    assert "Skip to main content" in html


def test_unknown_language_cookie_falls_back_to_dutch(client):
    client.cookies["django_language"] = "xx"
    assert '<html lang="nl">' in client.get("/").content.decode()


def test_no_two_apps_translate_the_same_text_differently():
    """Django merges the apps' catalogues and the first app wins: a source text two apps
    translate differently would show the wrong Dutch in one of them (use a context instead)."""
    import gettext
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    catalogues = {}
    for app in ("leernetwerk/kernel", "casework", "patterns", "learning", "site"):
        with open(root / app / "locale" / "nl" / "LC_MESSAGES" / "django.mo", "rb") as handle:
            catalogues[app] = gettext.GNUTranslations(handle)._catalog
    seen: dict = {}
    conflicts = []
    for app, catalogue in catalogues.items():
        for key, text in catalogue.items():
            if not key or not text:
                continue
            if key in seen and seen[key][1] != text:
                conflicts.append((key, seen[key], (app, text)))
            seen.setdefault(key, (app, text))
    assert conflicts == []
