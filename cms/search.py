"""Story search for the shop's search page (products are searched by catalogue.search;
stories by Wagtail's database search backend)."""

from django.utils.translation import get_language
from wagtail.models import Locale

from catalogue.search.query import bounded_text
from cms.models import StoryPage
from marketplace.text import normalize_exact


def _locale(locale) -> Locale | None:
    if isinstance(locale, Locale):
        return locale
    code = locale or get_language()
    try:
        return Locale.get_active() if code is None else Locale.objects.get_for_language(code)
    except (Locale.DoesNotExist, LookupError):
        return None


def search_stories(query: str, locale=None, limit: int = 5) -> list[StoryPage]:
    """Published stories matching ``query`` in ``locale``, best match first.

    ``locale`` is a ``wagtail.models.Locale``, a language code ("vi", "en") or None
    for the active language. Returns at most ``limit`` ``StoryPage`` objects (with
    ``url``/``get_url(request)``, ``title``, ``intro``, ``hero_image``, ``producer``).
    An empty query or an unknown language returns an empty list. ``query`` is
    searched for as plain words, whatever punctuation it holds.
    """
    # Words only: the backend's own syntax (quotes, operators) never reaches it,
    # nor does NUL, which PostgreSQL refuses; and a bounded number of them.
    query = normalize_exact(bounded_text(query or ""))
    locale = _locale(locale)
    if not query or locale is None or limit <= 0:
        return []
    stories = StoryPage.objects.live().filter(locale=locale)
    results = stories.search(query, operator="or")[:limit]
    # The search backend returns pages without their relations; fetch them in one
    # query keeping the ranking.
    ids = [story.pk for story in results]
    by_id = StoryPage.objects.select_related("hero_image", "producer", "province").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
