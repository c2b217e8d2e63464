"""The ledger is append-only in the database too: a PostgreSQL trigger refuses
UPDATE and DELETE on ledger rows, whatever gets past the model (raw SQL, a
queryset's ``update``). SQLite (local experiments) gets nothing: the model's
guards still apply there."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION payouts_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'payouts_ledgerentry is append-only: %% refused (add a correcting entry)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER payouts_ledger_append_only
    BEFORE UPDATE OR DELETE ON payouts_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION payouts_ledger_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS payouts_ledger_append_only ON payouts_ledgerentry;
DROP FUNCTION IF EXISTS payouts_ledger_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("payouts", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
