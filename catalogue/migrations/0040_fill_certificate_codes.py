"""Every existing certificate gets its verification code (new ones get theirs on
creation, from the field's default)."""

from django.db import migrations

from catalogue.verification.codes import new_verification_code


def fill_codes(apps, schema_editor):
    Certificate = apps.get_model("catalogue", "Certificate")
    taken = set(Certificate.objects.exclude(code=None).values_list("code", flat=True))
    pending = list(Certificate.objects.filter(code=None).only("pk"))
    for certificate in pending:
        code = new_verification_code()
        while code in taken:
            code = new_verification_code()
        taken.add(code)
        certificate.code = code
    Certificate.objects.bulk_update(pending, ["code"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0039_certificate_code_superseded_by_and_scans"),
    ]

    operations = [migrations.RunPython(fill_codes, migrations.RunPython.noop)]
