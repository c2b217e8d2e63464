"""The top-level categories of the navigation menu, on every page, read once and
shared (issue 16): Oscar's ``category_tree`` costs two queries per page.

The entries (address and name, per language) are cached under a menu version
(``catalogue.menu``) that any category save or delete replaces."""

from dataclasses import dataclass

from django import template
from django.core.cache import cache
from django.utils import translation
from oscar.templatetags.category_tags import get_annotated_list

from catalogue.menu import menu_key

register = template.Library()


@dataclass(frozen=True)
class MenuEntry:
    url: str
    name: str

    def get_absolute_url(self) -> str:
        return self.url

    def get_name(self) -> str:
        return self.name


@register.simple_tag
def menu_categories() -> list[MenuEntry]:
    """The menu's categories (depth 1) as ``category_tree depth=1`` lists them."""
    key = menu_key(translation.get_language())
    entries = cache.get(key)
    if entries is None:
        entries = [MenuEntry(entry.get_absolute_url(), entry.category.get_name())
                   for entry in get_annotated_list(depth=1)]
        cache.set(key, entries, None)
    return entries
