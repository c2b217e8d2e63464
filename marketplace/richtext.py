"""Producers' formatted descriptions: what HTML they may write, and how a
description reaches a page.

Descriptions are stored as sanitised HTML (``clean_html`` on save: a small
allow-list, no attributes but links). Older ones, typed in plain text, have no
tags; ``render_rich_text`` turns those into paragraphs, so both kinds show as
formatted text and never as escaped ``<p>`` tags."""

import re

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

#: What a description may use: paragraphs, emphasis, lists, headings, links.
TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "blockquote", "a"}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def clean_html(value: str) -> str:
    """``value`` with every tag and attribute outside the allow-list removed; links
    get ``rel="noopener noreferrer nofollow"``."""
    return nh3.clean(
        value or "", tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def is_html(value: str) -> bool:
    return bool(_TAG.search(value or ""))


def render_rich_text(value: str) -> SafeString:
    """A description as HTML for a page: sanitised HTML as it is (cleaned again,
    so text saved before the allow-list or by an import is safe too), plain text
    as paragraphs."""
    if not value:
        return mark_safe("")
    if is_html(value):
        return mark_safe(clean_html(value))  # noqa: S308 - cleaned by nh3 just above
    return mark_safe(linebreaks(value, autoescape=True))  # noqa: S308 - linebreaks escapes
