"""The shop's public address.

Oscar's emails build links from the ``django.contrib.sites`` Site
(``site.domain``, with ``OSCAR_URL_SCHEMA``) and greet with ``site.name``; Django
creates that Site as "example.com". SITE_URL is the one source: the data migration
and ``manage.py sync_site`` copy it into the Site, and our own emails use
``absolute_url``.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_domain() -> str:
    """SITE_URL's host (and port, when it has one): ``cho-ocop.vn``, ``127.0.0.1:8000``."""
    return urlsplit(settings.SITE_URL).netloc


def absolute_url(path: str) -> str:
    """``path`` on the shop's public address."""
    return settings.SITE_URL.rstrip("/") + path


def sync_site(site_model=None) -> tuple[object, bool]:
    """Make the current Site (SITE_ID) carry SITE_URL's domain and the shop's name.

    Returns the site and whether it changed. ``site_model`` is the historical
    model inside a migration."""
    if site_model is None:
        from django.contrib.sites.models import Site as site_model
    domain, name = site_domain(), settings.OSCAR_SHOP_NAME
    site, created = site_model.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": name}
    )
    changed = created or (site.domain, site.name) != (domain, name)
    if changed and not created:
        site.domain, site.name = domain, name
        site.save(update_fields=["domain", "name"])
    if changed and site_model.__module__ == "django.contrib.sites.models":
        site_model.objects.clear_cache()
    return site, changed
