"""The one list of guarded fields: which texts of which model the privacy guard checks.

Every stored text that members or the public can read — model fields, the strings inside a
StreamField, tags — passes :func:`leernetwerk.kernel.pii.privacy_check` on every path that
writes it: the front-end forms and services call :func:`check`, models call it from
``clean()`` (which the Wagtail admin's page and snippet forms run), and the admin forms of
pages and snippets with tags use :class:`GuardedTagsFormMixin` (tags are not on the
instance yet when a model form validates).

``REGISTRY`` maps a model label to its :class:`Guard`: the guarded field names and the text
fields that are exempt, each with the reason. ``tests/test_guarded_fields.py`` fails when a
text field (CharField, TextField, RichTextField, StreamField or tags) of a leernetwerk model is
in neither list, so a new field is guarded or exempted on purpose, never by oversight.

Fields listed here are the ones other code uses too (search, export, anonymisation):
:func:`text_field_names` gives them without tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The texts of the omgekeerde toets (``kernel.toets.TEXT_FIELDS``; kept here as literals so this
#: module imports no models).
TOETS_TEXTS = (
    "toets_effect",
    "toets_person",
    "toets_intent",
    "toets_ethics",
    "toets_legal",
    "toets_conditions",
)
#: The field name under which a model's tags are guarded.
TAGS = "tags"


@dataclass(frozen=True)
class Guard:
    fields: tuple[str, ...]
    exempt: dict[str, str] = field(default_factory=dict)


# Page machinery every Wagtail page has; its visible texts (title, seo_title,
# search_description) are guarded per model below.
PAGE_EXEMPT = {
    "path": "tree position, made by Wagtail",
    "url_path": "made by Wagtail from the slugs",
    "draft_title": "a copy of the title, which is guarded",
    "slug": "made from the title, which is guarded",
}
PAGE_TEXTS = ("title", "seo_title", "search_description")
#: A section page (the cases index, the board, the lessons, the sessions): its texts and its
#: title in English.
SECTION_TEXTS = (*PAGE_TEXTS, "title_en", "intro")
VOCABULARY = "vocabulary kept by administrators"
VENUE = "the public address of the building where a session meets, which the guard would flag"

REGISTRY: dict[str, Guard] = {
    # --- casework
    "leernetwerk_casework.CasePage": Guard(
        (
            *PAGE_TEXTS,
            "situation",
            "ik_wil",
            "ik_kan",
            "ik_heb_nodig",
            "knelpunt",
            "maatwerk",
            "consent_purpose",
            TAGS,
        ),
        {**PAGE_EXEMPT},
    ),
    "leernetwerk_casework.CaseIndexPage": Guard(SECTION_TEXTS, {**PAGE_EXEMPT}),
    "leernetwerk_casework.Comment": Guard(("body", "hidden_reason")),
    "leernetwerk_casework.Recognition": Guard(("note",)),
    "leernetwerk_casework.Doorbraak": Guard(
        (
            "rule",
            "proposal",
            "reasons",
            "settlement",
            "decision_reason",
            *TOETS_TEXTS,
        ),
        {"toets_outcome": "a choice code"},
    ),
    "leernetwerk_casework.Mandate": Guard(("title", "granted_by", "note"), {"role": "a role key"}),
    "leernetwerk_casework.Agreement": Guard(("what",)),
    "leernetwerk_casework.AgreementCheck": Guard(("note",)),
    "leernetwerk_casework.CaseClosing": Guard(("worked", "did_not_work")),
    "leernetwerk_casework.Precedent": Guard(("title", "weighed", "rule", "why", "mandate")),
    "leernetwerk_casework.Transition": Guard((), {"name": VOCABULARY, "name_en": VOCABULARY}),
    "leernetwerk_casework.PrivacyOverride": Guard(
        (), {"reason": "audit record of a manager's override, read only by managers"}
    ),
    "leernetwerk_casework.LifeDomain": Guard(
        (), {"name": VOCABULARY, "name_en": VOCABULARY, "scheme": "vocabulary code"}
    ),
    "leernetwerk_casework.Law": Guard(
        (), {"name": VOCABULARY, "name_en": VOCABULARY, "abbreviation": "vocabulary code"}
    ),
    "leernetwerk_casework.KnelpuntType": Guard((), {"name": VOCABULARY, "name_en": VOCABULARY}),
    # --- patterns
    "leernetwerk_patterns.Pattern": Guard(("title", "description", TAGS)),
    "leernetwerk_patterns.PatternCase": Guard(("reason",)),
    "leernetwerk_patterns.PatternEvent": Guard(
        ("reason",), {"from_status": "a status code", "to_status": "a status code"}
    ),
    "leernetwerk_patterns.Decision": Guard(
        ("text", *TOETS_TEXTS), {"toets_outcome": "a choice code"}
    ),
    "leernetwerk_patterns.PatternCandidate": Guard(("title", "dismiss_reason")),
    "leernetwerk_patterns.PolicyDocument": Guard(("title", "description")),
    "leernetwerk_patterns.PolicyVersion": Guard(
        ("text", "change_summary"), {"status": "a status code"}
    ),
    "leernetwerk_patterns.PolicyItem": Guard(
        ("request", "status_note"),
        {"kind": "a choice code", "status": "a status code"},
    ),
    "leernetwerk_patterns.Proeftuin": Guard(("title", "hypothesis"), {"outcome": "a choice code"}),
    "leernetwerk_patterns.ProeftuinMeasure": Guard(("label", "unit")),
    "leernetwerk_patterns.ProeftuinEntry": Guard(("text",), {"kind": "a choice code"}),
    "leernetwerk_patterns.NeedCategory": Guard(("name", "name_en", "description", "keywords")),
    "leernetwerk_patterns.NeedSignal": Guard(
        (), {"solution_type": "a choice code (the stems are JSON, never shown on their own)"}
    ),
    # Typed by the officer, not picked from the patterns' tags: guarded like any text.
    "leernetwerk_patterns.PolicyWatch": Guard(("tags",), {}),
    "leernetwerk_patterns.PatternBoardPage": Guard(SECTION_TEXTS, {**PAGE_EXEMPT}),
    "leernetwerk_patterns.LearningTable": Guard(
        (),
        {
            "name": "configuration kept by administrators",
            "description": "configuration kept by administrators",
            "cadence": "configuration kept by administrators",
        },
    ),
    "leernetwerk_patterns.SignalTerm": Guard(
        (), {"term": "index words taken from guarded texts, never shown"}
    ),
    # --- learning
    "leernetwerk_learning.LessonPage": Guard(
        (*PAGE_TEXTS, "summary", "what_did_not_fit", "what_changed"), {**PAGE_EXEMPT}
    ),
    "leernetwerk_learning.LessonIndexPage": Guard(SECTION_TEXTS, {**PAGE_EXEMPT}),
    "leernetwerk_learning.SessionIndexPage": Guard(SECTION_TEXTS, {**PAGE_EXEMPT}),
    "leernetwerk_learning.LearningSessionPage": Guard(
        (*PAGE_TEXTS, "online_link", "description", "agenda", "cancel_reason"),
        {**PAGE_EXEMPT, "location": VENUE},
    ),
    "leernetwerk_learning.SessionSeries": Guard(
        ("title", "online_link", "description"), {"location": VENUE}
    ),
    "leernetwerk_learning.SessionRun": Guard(
        ("summary",), {"current_item": "the id of an agenda item"}
    ),
    "leernetwerk_learning.AgendaMinute": Guard(("text",), {"item_id": "the id of an agenda item"}),
    "leernetwerk_learning.SessionAction": Guard(("text",), {"item_id": "the id of an agenda item"}),
    "leernetwerk_learning.ActionCheck": Guard(("note",)),
    "leernetwerk_learning.Dilemma": Guard(("text",), {"item_id": "the id of an agenda item"}),
    "leernetwerk_learning.CalendarFeed": Guard((), {"token": "a random secret"}),
    # --- kernel
    "leernetwerk_kernel.LiveStream": Guard((), {"key": "a stream key made by the code"}),
    "leernetwerk_kernel.LiveEvent": Guard((), {"type": "an event type made by the code"}),
    "leernetwerk_kernel.OrganisationKind": Guard((), {"name": VOCABULARY, "name_en": VOCABULARY}),
    "leernetwerk_kernel.Organisation": Guard(
        (),
        {
            "name": "name of an organisation, not of a person",
            "region": "vocabulary kept by administrators",
        },
    ),
    "leernetwerk_kernel.SensitiveName": Guard(
        (),
        {
            "name": "the guard's own list of names to block, read only by administrators",
            "note": "administrators' note on the list of names to block",
        },
    ),
    "leernetwerk_kernel.Perspective": Guard((), {"name": VOCABULARY, "name_en": VOCABULARY}),
    "leernetwerk_kernel.MemberProfile": Guard(
        (),
        {
            "display_name": "a member's own name, shown as author (members, not residents)",
            "function": "a member's own job title",
            "pseudonym": "made by the code at erasure",
        },
    ),
    "leernetwerk_kernel.Invitation": Guard(
        (),
        {
            "email": "the invitee's own address, read only by administrators",
            "nonce": "a random secret",
        },
    ),
    "leernetwerk_kernel.ErasureRequest": Guard(
        (), {"reason": "a member's own request about their own data, read only by administrators"}
    ),
    "leernetwerk_kernel.Notification": Guard(
        (),
        {
            "kind": "a kind made by the code",
            "title": "made from guarded texts when sent, read only by its recipient",
            "body": "made from guarded texts when sent, read only by its recipient",
            "url": "a path made by the code",
            "key": "a key made by the code",
            "title_source": "a translatable source string of the code, no member's text",
            "body_source": "a translatable source string of the code, no member's text",
        },
    ),
}


def _label(model_or_instance: Any) -> str:
    return model_or_instance._meta.label


def guard_for(model_or_instance: Any) -> Guard:
    """The guard of a model (or of an instance's model); an empty one for unlisted models."""
    return REGISTRY.get(_label(model_or_instance), Guard(()))


def guarded_fields(model_or_instance: Any) -> tuple[str, ...]:
    """The names of the guarded fields of a model, tags included."""
    return guard_for(model_or_instance).fields


def text_field_names(model_or_instance: Any) -> tuple[str, ...]:
    """The guarded fields of a model that hold text on the instance itself (no tags)."""
    return tuple(name for name in guarded_fields(model_or_instance) if name != TAGS)


def _stream_strings(value: Any) -> list[str]:
    """Every string inside a StreamField value (titles, questions, descriptions, names...)."""
    raw = getattr(value, "raw_data", value)
    found: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for key, sub in item.items():
                if key not in ("id", "type"):
                    walk(sub)
        elif isinstance(item, list | tuple):
            for sub in item:
                walk(sub)
        elif hasattr(item, "source"):  # RichText
            found.append(item.source)

    walk(list(raw) if raw is not None else [])
    return found


def tag_text(tags: Any) -> str:
    """Tags (names, Tag objects or a manager) as one text, one tag a line."""
    if tags is None:
        return ""
    if hasattr(tags, "all"):
        tags = tags.all()
    if isinstance(tags, str):
        return tags
    return "\n".join(str(getattr(tag, "name", tag)) for tag in tags)


def value_text(value: Any) -> str:
    """A field's value as the text the guard reads."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if hasattr(value, "stream_block") or hasattr(value, "raw_data"):
        return "\n".join(_stream_strings(value))
    return str(getattr(value, "source", value))


def texts(instance: Any, *, tags: Any = None) -> dict[str, str]:
    """Every guarded text of ``instance`` by field name; ``tags`` (names) replaces the
    instance's own tags (for forms, whose tags are not on the instance yet)."""
    from django.db import models

    from leernetwerk.kernel.pii import url_text

    result = {}
    for name in guarded_fields(instance):
        if isinstance(instance._meta.get_field(name), models.URLField):
            result[name] = url_text(getattr(instance, name, "") or "")
        elif name == TAGS:
            if tags is None:
                tags = getattr(instance, "_guard_tags", None)
            result[name] = tag_text(tags if tags is not None else getattr(instance, TAGS, None))
        else:
            result[name] = value_text(getattr(instance, name, ""))
    return result


#: StreamField keys whose strings name a member of the network on purpose ("who introduces
#: it"): the guard still checks them, but not for names its lexicons recognise.
MEMBER_KEYS = frozenset({"presenter"})


def members(instance: Any) -> list[str]:
    """The strings under ``MEMBER_KEYS`` in the guarded StreamFields of ``instance``."""
    found: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, dict):
            for key, sub in item.items():
                if key in MEMBER_KEYS and isinstance(sub, str):
                    found.append(sub)
                else:
                    walk(sub)
        elif isinstance(item, list | tuple):
            for sub in item:
                walk(sub)

    for name in guarded_fields(instance):
        value = getattr(instance, name, None)
        if hasattr(value, "stream_block") or hasattr(value, "raw_data"):
            raw = getattr(value, "raw_data", value)
            walk(list(raw) if raw is not None else [])
    return found


def check(instance: Any, *, tags: Any = None, extra: dict[str, str] | None = None) -> None:
    """The privacy guard over every guarded text of ``instance`` (and ``extra`` texts):
    a ``ValidationError`` per field that says what to remove."""
    from leernetwerk.kernel.pii import privacy_check

    privacy_check({**texts(instance, tags=tags), **(extra or {})}, members=members(instance))


class GuardedTagsFormMixin:
    """For the Wagtail admin form of a page or snippet with tags: the model's ``clean()``
    guards the submitted tags, not the stored ones (a form sets tags on the instance only
    when it saves, after validation)."""

    def clean(self):
        cleaned = super().clean()
        instance = getattr(self, "instance", None)
        if instance is not None and TAGS in self.fields and TAGS in cleaned:
            instance._guard_tags = tag_text(cleaned.get(TAGS) or [])
        return cleaned


class GuardedModelMixin:
    """A model whose ``clean()`` (run by its admin form and by ``full_clean``) applies the
    privacy guard to every guarded field; put it before the model's base class."""

    def clean(self):
        super().clean()
        check(self)
