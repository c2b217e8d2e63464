"""Backend selection: Elasticsearch when ``ELASTICSEARCH_URL`` is set, the
database otherwise (and as the fallback while Elasticsearch is down)."""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from catalogue.search.backends.base import (
    BackendResult,
    Hit,
    SearchBackend,
    SearchUnavailable,
    Suggestion,
)

__all__ = [
    "BackendResult",
    "Hit",
    "SearchBackend",
    "SearchUnavailable",
    "Suggestion",
    "get_backend",
    "database_backend",
    "elasticsearch_backend",
    "index_backends",
]

_cache: dict[str, SearchBackend] = {}


def database_backend() -> SearchBackend:
    if "database" not in _cache:
        from catalogue.search.backends.database import DatabaseBackend

        _cache["database"] = DatabaseBackend()
    return _cache["database"]


def elasticsearch_backend() -> SearchBackend | None:
    if not settings.ELASTICSEARCH_URL:
        return None
    if "elasticsearch" not in _cache:
        from catalogue.search.backends.elasticsearch import ElasticsearchBackend

        _cache["elasticsearch"] = ElasticsearchBackend()
    return _cache["elasticsearch"]


def get_backend() -> SearchBackend:
    """The backend that answers searches."""
    return elasticsearch_backend() or database_backend()


def index_backends() -> list[SearchBackend]:
    """Every backend an index change is written to. The database table is always
    kept, so it can answer while Elasticsearch is down."""
    backends = [database_backend()]
    es = elasticsearch_backend()
    if es is not None:
        backends.append(es)
    return backends


@receiver(setting_changed)
def _reset(setting, **kwargs):
    if setting.startswith("ELASTICSEARCH"):
        _cache.clear()
