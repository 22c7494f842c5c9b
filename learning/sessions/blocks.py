"""The agenda of a leersessie: a StreamField of items, each with a time box and a presenter."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


def _time_box():
    return blocks.IntegerBlock(
        label=pgettext_lazy("time box", "Minutes"),
        min_value=1,
        max_value=480,
        default=20,
        help_text=_("Time box"),
    )


def _presenter():
    return blocks.CharBlock(
        label=_("Presenter"), required=False, max_length=120, help_text=_("Who introduces it")
    )


class CaseItemBlock(blocks.StructBlock):
    """A case the network discusses (members see its title; the public calendar does not)."""

    case = blocks.PageChooserBlock(label=_("Case"), page_type="leernetwerk_casework.CasePage")
    question = blocks.CharBlock(label=_("Question for the session"), required=False, max_length=300)
    time_box = _time_box()
    presenter = _presenter()

    class Meta:
        icon = "doc-full"
        label = _("Case")


class PatternItemBlock(blocks.StructBlock):
    pattern = SnippetChooserBlock("leernetwerk_patterns.Pattern", label=_("Pattern"))
    question = blocks.CharBlock(label=_("Question for the session"), required=False, max_length=300)
    time_box = _time_box()
    presenter = _presenter()

    class Meta:
        icon = "list-ul"
        label = _("Pattern")


class ThemeItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Theme"), max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False)
    time_box = _time_box()
    presenter = _presenter()

    class Meta:
        icon = "tag"
        label = _("Theme")


class GuestItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Subject"), max_length=200)
    guest = blocks.CharBlock(
        label=_("Guest and organisation"), max_length=200, help_text=_("Who contributes")
    )
    time_box = _time_box()
    presenter = _presenter()

    class Meta:
        icon = "user"
        label = _("Guest contribution")


class RoundItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Title"), max_length=200, default="Wat ging goed, wat kan beter?"
    )
    time_box = _time_box()
    presenter = _presenter()

    class Meta:
        icon = "repeat"
        label = _("Round: what went well, what can be better")


class AgendaBlock(blocks.StreamBlock):
    case = CaseItemBlock()
    pattern = PatternItemBlock()
    theme = ThemeItemBlock()
    guest = GuestItemBlock()
    round = RoundItemBlock()

    class Meta:
        block_counts = {}
