"""Light formatting for comments: a small, safe subset of HTML (nh3)."""

from __future__ import annotations

import html

import nh3
from django.utils.html import linebreaks, strip_tags

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "blockquote", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
BLOCK_TAGS = ("<p", "<ul", "<ol", "<blockquote")


def clean_comment_html(text: str) -> str:
    """Sanitise what a member typed: plain text becomes paragraphs; a few tags are kept;
    everything else (scripts, styles, event handlers, javascript: links) is removed."""
    text = (text or "").strip()
    if not any(tag in text.lower() for tag in BLOCK_TAGS):
        text = linebreaks(text, autoescape=False)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    ).strip()


def plain_text(fragment: str) -> str:
    """The text a reader sees in an HTML fragment (for the privacy guard and emptiness checks)."""
    return html.unescape(strip_tags(fragment or "")).strip()
