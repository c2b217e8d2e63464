"""The data migration gives every certificate that existed before codes a unique
code of its own; the database then refuses duplicates."""

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from catalogue.verification.codes import CODE_RE

BEFORE = [("catalogue", "0039_certificate_code_superseded_by_and_scans")]
AFTER = [("catalogue", "0041_certificate_code_unique")]


@pytest.mark.django_db(transaction=True)
def test_existing_certificates_get_unique_codes():
    from tests.factories import create_product

    products = [create_product(f"Sản phẩm {n}", upc=f"89300000{n:05d}") for n in range(5)]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE catalogue_certificate SET code = NULL")
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    from catalogue.models import Certificate

    codes = list(Certificate.objects.filter(product__in=products).values_list("code", flat=True))
    assert len(codes) == 5 and len(set(codes)) == 5
    assert all(CODE_RE.match(code) for code in codes)
    first, second = Certificate.objects.filter(product__in=products)[:2]
    with pytest.raises(IntegrityError):
        Certificate.objects.filter(pk=second.pk).update(code=first.code)
