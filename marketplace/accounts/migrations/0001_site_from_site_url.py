from django.db import migrations


def site_from_site_url(apps, schema_editor):
    from marketplace.accounts.sites import sync_site

    sync_site(apps.get_model("sites", "Site"))


class Migration(migrations.Migration):
    """Django creates the Site as "example.com"; password reset links pointed there."""

    dependencies = [("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(site_from_site_url, migrations.RunPython.noop)]
