"""The index follows the catalogue through explicit calls: the provincial import,
certificate revocation, and ``schedule_reindex`` after a transaction commits."""

import shutil
from pathlib import Path

import pytest
from django.db import transaction

from catalogue.certificates import revoke_certificate
from catalogue.search.backends import database_backend
from catalogue.search.models import ProductSearchDocument
from catalogue.search.query import SearchQuery

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_search")]

DATA = Path(__file__).resolve().parent.parent / "data" / "import"


def skus(**query) -> set[str]:
    from catalogue.models import Product

    hits = database_backend().search(SearchQuery(page_size=100, **query), facets=False).hits
    return set(
        Product.objects.filter(pk__in=[h.product_id for h in hits]).values_list("upc", flat=True)
    )


def test_imported_products_are_searchable_once_the_import_commits(
    tmp_path, django_capture_on_commit_callbacks
):
    from catalogue.importing import import_products

    for name in ("good.csv", "tea.jpg"):
        shutil.copy(DATA / name, tmp_path / name)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = import_products(tmp_path / "good.csv")
        assert not ProductSearchDocument.objects.exists()  # nothing before the commit
    # One reindex for the whole import (the others refresh the category menu's cache
    # and make cached pages stale).
    reindexes = [callback for callback in callbacks
                 if not callback.__qualname__.startswith(("categories_changed", "bump_page_version"))]
    assert len(reindexes) == 1
    for callback in callbacks:
        callback()
    assert "8936000000011" in skus(q="tra rau ma")
    # Old province name in the CSV, old name in the filter: the current unit.
    assert "8936000000011" in skus(q="Thừa Thiên Huế")
    assert ProductSearchDocument.objects.count() == len(report.created) - len(report.not_sellable)

    # Re-import with a new price: updated in the index after commit.
    text = (tmp_path / "good.csv").read_text(encoding="utf-8").replace(",85000,", ",95000,")
    (tmp_path / "good.csv").write_text(text, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        import_products(tmp_path / "good.csv")
    assert skus(price_min=95_000, price_max=95_000) == {"8936000000011"}


def test_revocation_needs_a_reason_and_reindexes_after_commit(
    certified_product, django_capture_on_commit_callbacks
):
    certificate = certified_product.certificates.get()
    assert ProductSearchDocument.objects.filter(pk=certified_product.pk).exists()
    with pytest.raises(ValueError):
        revoke_certificate(certificate, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate, reason="Không đạt kiểm tra định kỳ")
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revocation_reason) == (
        "revoked",
        "Không đạt kiểm tra định kỳ",
    )
    assert certificate.revoked_on is not None
    assert not ProductSearchDocument.objects.filter(pk=certified_product.pk).exists()


def test_a_rolled_back_change_never_reaches_the_index(
    certified_product, django_capture_on_commit_callbacks
):
    certificate = certified_product.certificates.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                revoke_certificate(certificate, reason="Entered by mistake")
                raise RuntimeError("operator cancelled")
        except RuntimeError:
            pass
    assert callbacks == []
    assert ProductSearchDocument.objects.filter(pk=certified_product.pk).exists()
