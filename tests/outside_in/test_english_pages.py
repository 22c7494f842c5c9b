"""The demo in English (issue #18): every role (and an anonymous visitor) switches to English and
follows every link it sees from the home page (the crawl of ``test_demo_crawl``, without the
Wagtail admin, which Wagtail translates itself). No page may show a Dutch interface word
(``tests/data/dutch_ui_words.txt``) outside what members wrote: the texts of cases, comments,
patterns, sessions and lessons are the network's own words and read as written. Page titles of the
site's sections ("Casussen", "Geleerde lessen") and the vocabularies (leefgebieden, knelpunt
types, perspectives) are the product's words: they read English. Every stored notification of
the demo reads English too.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.utils import translation

from tests.english import dutch_in, dutch_words
from tests.outside_in.crawl import crawl
from tests.outside_in.test_demo_crawl import ANON, DEMO_LOGIN, login

pytestmark = pytest.mark.django_db(transaction=False)

ROLES = [ANON, *DEMO_LOGIN]
#: Section pages (home, "Casussen", "Patronen", "Leersessies", "Geleerde lessen") are the
#: product's words, not members' texts: their titles are not subtracted.
SECTION_DEPTH = 3
TITLES = {"title", "draft_title", "seo_title"}


@pytest.fixture
def demo(db):
    from home.demo import DemoLoader

    DemoLoader().run()


def _leaves(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)


#: Where members (and the demo's authors) write: these texts read as written. The vocabularies
#: (leefgebieden, laws, knelpunt types, perspectives, organisation kinds), the role groups and the
#: titles of the site's sections are not here: they are the product's words.
MEMBERS_TEXT = {
    "home": {"HomePage"},
    "leernetwerk_casework": {
        "CaseIndexPage",
        "CasePage",
        "Comment",
        "Recognition",
        "Doorbraak",
        "PrivacyOverride",
        "Agreement",
        "AgreementCheck",
        "CaseClosing",
        "Precedent",
        "Mandate",
    },
    "leernetwerk_patterns": {
        "LearningTable",
        "Pattern",
        "PatternCase",
        "PatternBoardPage",
        "Decision",
        "PatternEvent",
        "PatternCandidate",
        "SignalTerm",
        "PolicyDocument",
        "PolicyVersion",
        "PolicyItem",
        "PolicyWatch",
        "Proeftuin",
        "ProeftuinMeasure",
        "ProeftuinEntry",
        # Need categories: their keywords are words of the Dutch "ik heb nodig" texts.
        "NeedCategory",
    },
    "leernetwerk_learning": {
        "LessonIndexPage",
        "LessonPage",
        "SessionSeries",
        "SessionIndexPage",
        "LearningSessionPage",
        "SessionRun",
        "AgendaMinute",
        "SessionAction",
        "ActionCheck",
        "Dilemma",
    },
    "leernetwerk_kernel": {"Organisation", "MemberProfile", "Invitation"},
    "taggit": {"Tag"},
    "auth": {"User"},
    "wagtailcore": {"Site"},
}


def members_texts() -> list[str]:
    """Every text members (and the demo's authors) wrote, in fragments as pages show them:
    sentences and lines of every text field, rich text without its tags, longest first."""
    from wagtail.fields import StreamField, StreamValue
    from wagtail.models import Page

    found: set[str] = set()
    for model in apps.get_models():
        if model.__name__ not in MEMBERS_TEXT.get(model._meta.app_label, ()):
            continue
        fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField, StreamField))
            and not field.choices
            and field.name not in {"password", "slug", "url_path", "content_type"}
        ]
        if not fields:
            continue
        page = issubclass(model, Page)
        for row in model.objects.values(*fields, *(["depth"] if page else [])):
            for name, value in row.items():
                if name == "depth" or (page and name in TITLES and row["depth"] <= SECTION_DEPTH):
                    continue
                if isinstance(value, StreamValue):
                    value = json.dumps(list(value.raw_data))
                if not value or len(value) < 3:
                    continue
                texts = [value]
                if value.lstrip().startswith(("[", "{")):
                    try:
                        texts = list(_leaves(json.loads(value)))
                    except ValueError:
                        pass
                for text in texts:
                    text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
                    found.add(" ".join(text.split()))
                    for fragment in re.split(r"\n|(?<=[.!?:;,])\s", text):
                        fragment = " ".join(fragment.split())
                        if len(fragment) >= 3:
                            found.add(fragment)
    return sorted(found, key=len, reverse=True)


class _Text(HTMLParser):
    """Text nodes outside scripts, styles, text boxes and elements marked as another language."""

    # A text box holds what the member types (a cited precedent: its link and title).
    SKIP = {"script", "style", "template", "noscript", "textarea"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.nodes: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attributes = dict(attrs)
        other_language = "lang" in attributes and not attributes["lang"].startswith("en")
        skipped = tag in self.SKIP or other_language or (self.stack and self.stack[-1])
        self.stack.append(bool(skipped))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            text = " ".join(data.split())
            if text:
                self.nodes.append(text)


def _without_members_words(node: str, texts: list[str], joined: str) -> str:
    if node.endswith("…") and node[:-1].strip() in joined:
        return ""  # a shortened text of a member
    for text in texts:
        if len(text) >= 4 and text in node:
            node = re.sub(r"(?<!\w)" + re.escape(text) + r"(?!\w)", " ", node)
    return node


def dutch_on(body: str, texts: list[str], joined: str, words: set[str]) -> list[str]:
    parser = _Text()
    parser.feed(body)
    found = []
    for node in parser.nodes:
        rest = _without_members_words(node, texts, joined)
        if dutch_in(rest, words):
            found.append(node)
    return found


def test_the_demo_reads_english_for_every_role(demo):
    words, texts = dutch_words(), members_texts()
    joined = "\n".join(texts)
    problems, pages = [], 0
    for role in ROLES:
        client = Client()
        client.cookies["django_language"] = "en"
        login(client, role)
        result = crawl(
            client,
            ["/", "/netwerk/leden/meldingen/"],
            max_depth=3,
            budget=160,
            skip=lambda url: url.startswith("/admin/"),
        )
        for url, visit in result.visits.items():
            if visit.status != 200 or "html" not in visit.content_type:
                continue
            pages += 1
            for node in dutch_on(visit.body, texts, joined, words):
                problems.append(f"{role} {url}: {node[:120]!r}")
    assert pages > 200, pages
    unique = sorted(set(problems))
    assert not unique, f"Dutch on {len(unique)} places of the English demo:\n" + "\n".join(
        unique[:150]
    )


def test_every_stored_notification_of_the_demo_reads_english(demo):
    from leernetwerk.kernel.models import Notification

    words, texts = dutch_words(), members_texts()
    joined = "\n".join(texts)
    notifications = list(Notification.objects.all())
    kinds = {notification.kind for notification in notifications}
    # The demo sends the kinds of every flow (a literal sample, so that an empty demo fails).
    assert {"case.comment", "case.recognised", "session.action"} <= kinds
    problems = []
    with translation.override("en"):
        for notification in notifications:
            for shown in (str(notification.shown_title), str(notification.shown_body)):
                rest = _without_members_words(" ".join(shown.split()), texts, joined)
                if dutch_in(rest, words):
                    problems.append(f"{notification.kind}: {shown!r}")
    assert not problems, "\n".join(sorted(set(problems)))
