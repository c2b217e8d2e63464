"""The "OCOP officers" group, holding the permission to review certificate
applications (operators add officers to it; ``OfficerScope`` limits provinces)."""

from django.db import migrations

GROUP = "OCOP officers"


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="catalogue", model="certificateapplication")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="review_certificateapplication",
        defaults={"name": "Can review certificate applications"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0042_certificate_applications_and_expiry_reminders"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
