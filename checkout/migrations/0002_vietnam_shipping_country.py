from django.db import migrations


def add_vietnam(apps, schema_editor):
    # Every checkout address is in Việt Nam; Oscar's address forms need the row.
    Country = apps.get_model("address", "Country")
    Country.objects.update_or_create(
        iso_3166_1_a2="VN",
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "printable_name": "Việt Nam",
            "name": "Socialist Republic of Viet Nam",
            "display_order": 1,
            "is_shipping_country": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("checkout", "0001_initial"),
        ("address", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_vietnam, migrations.RunPython.noop)]
