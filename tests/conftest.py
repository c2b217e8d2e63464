import pytest


@pytest.fixture(autouse=True)
def _media_and_language(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the in-memory cache outlives the
    rolled-back data of earlier tests (a cached search vocabulary or page
    fragment of another test's products would leak into this one)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def database_search(settings):
    """Search through the database backend, whatever ELASTICSEARCH_URL the environment sets."""
    settings.ELASTICSEARCH_URL = None


@pytest.fixture
def certified_product(db):
    from tests.factories import create_product

    return create_product()


@pytest.fixture(autouse=True)
def _regions_map(request):
    """The 2025 map is reference data loaded by a migration. Transactional tests
    (browser, races) run last and each one's teardown flushes every table, so the
    next one would start without it: put it back for them. Other database tests
    run first, on the migrated data, inside a rolled-back transaction."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or (
        marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    if transactional:
        from marketplace.regions.models import Province

        if not Province.objects.exists():
            from marketplace.regions.loader import load_regions

            load_regions()
    yield
