"""Every database gets the 2025 map and its old names (reference data, like a
country list). `manage.py load_regions` refreshes it after a package upgrade."""

from django.db import migrations


def load(apps, schema_editor):
    from marketplace.regions.loader import load_regions

    load_regions(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
