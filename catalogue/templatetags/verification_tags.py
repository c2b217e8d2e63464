from django import template

from catalogue.verification.links import absolute_url as make_absolute

register = template.Library()


@register.filter
def absolute_url(path: str) -> str:
    """``/media/x.jpg`` → ``https://shop.example/media/x.jpg`` (from ``SITE_URL``)."""
    return make_absolute(str(path)) if path else ""
