"""The shop's two languages: Vietnamese (the default) and English."""

from django.conf import settings
from django.utils.translation import get_language


def is_english() -> bool:
    """True when the active language is English, where ``*_en`` fields are shown."""
    return (get_language() or settings.LANGUAGE_CODE).startswith("en")
