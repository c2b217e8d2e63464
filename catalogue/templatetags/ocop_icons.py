"""Inline SVG icons for the shop's pages, in place of FontAwesome's icon font: the
buyer pages showed eight icons, for which the browser downloaded a 111 KiB font
(cold visit). Each icon is a 16×16 path drawn in the text colour, hidden from
assistive technology (the text next to it says what it means)."""

from django import template
from django.utils.html import format_html

register = template.Library()

#: name -> SVG path data on a 16×16 grid (drawn with fill-rule evenodd).
ICONS = {
    "cart": "M0 1.5h2.3l.6 2H15.5l-1.7 6.5H4.3l.4 1.5h8.8V13H3.5L1.2 3H0zM5 13.8a1.3 1.3 0 1 1 0 2.6 1.3 1.3 0 0 1 0-2.6z"
            "M12.5 13.8a1.3 1.3 0 1 1 0 2.6 1.3 1.3 0 0 1 0-2.6z",
    "map-marker": "M8 0a5.5 5.5 0 0 0-5.5 5.5C2.5 9.6 8 16 8 16s5.5-6.4 5.5-10.5A5.5 5.5 0 0 0 8 0zm0 3.2a2.3 2.3 0 1 1 0 4.6 "
                  "2.3 2.3 0 0 1 0-4.6z",
    "exclamation": "M6.4 1h3.2l-.6 9.5H7zM8 12a1.6 1.6 0 1 1 0 3.2A1.6 1.6 0 0 1 8 12z",
    "thumbs-up": "M1 7h3v8H1zM5 7.2 8.2 1.2c1.2 0 2 .9 1.8 2.1L9.5 6H14c1 0 1.7.9 1.5 1.9l-1.2 5.6c-.2.9-.9 1.5-1.8 1.5H5z",
    "check-circle": "M8 0a8 8 0 1 1 0 16A8 8 0 0 1 8 0zM3.4 8.2l3.4 3.4 5.8-5.8-1.4-1.4-4.4 4.4-2-2z",
    "info-circle": "M8 0a8 8 0 1 1 0 16A8 8 0 0 1 8 0zM7 7v5.5h2V7zM8 3a1.1 1.1 0 1 0 0 2.2A1.1 1.1 0 0 0 8 3z",
    "exclamation-triangle": "M8 .8 16 15H0zM7 5.5l.3 5h1.4l.3-5zM8 11.6a1.1 1.1 0 1 0 0 2.2 1.1 1.1 0 0 0 0-2.2z",
    "exclamation-circle": "M8 0a8 8 0 1 1 0 16A8 8 0 0 1 8 0zM7 3.5l.3 6h1.4l.3-6zM8 10.8a1.1 1.1 0 1 0 0 2.2 1.1 1.1 0 0 0 0-2.2z",
    "ban": "M8 0a8 8 0 1 1 0 16A8 8 0 0 1 8 0zm0 2a6 6 0 0 0-3.6 1.2l8.4 8.4A6 6 0 0 0 8 2zM3.2 4.4A6 6 0 0 0 11.6 12.8z",
    "star": "M8 .5l2.3 4.9 5.2.6-3.9 3.6 1.1 5.2L8 12.2l-4.7 2.6 1.1-5.2L.5 6l5.2-.6z",
    "pencil": "M11.5 1 15 4.5 5.5 14H2v-3.5z",
    "chevron-right": "M5.2 1 12.2 8l-7 7-1.6-1.6L9 8 3.6 2.6z",
    "bars": "M1 2.5h14v2H1zM1 7h14v2H1zM1 11.5h14v2H1z",
}


@register.simple_tag
def icon(name: str, css_class: str = "") -> str:
    """``{% icon "cart" %}``: the named icon as inline SVG, 1em square, in the text colour."""
    path = ICONS[name]
    classes = f"ocop-icon ocop-icon--{name} {css_class}".strip()
    return format_html(
        '<svg class="{}" viewBox="0 0 16 16" width="1em" height="1em" fill="currentColor" aria-hidden="true" '
        'focusable="false"><path fill-rule="evenodd" d="{}"/></svg>',
        classes, path,
    )
