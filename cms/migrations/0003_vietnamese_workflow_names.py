"""Give the story review workflow and its approval task names in the install's
language: Wagtail shows them as stored ("Thực hiện Story review"), untranslated.
The names are copied here, not imported, so this migration does not change when
``cms.sections`` does."""

from django.conf import settings
from django.db import migrations

WORKFLOW_NAMES = {"vi": "Duyệt câu chuyện", "en": "Story review"}
APPROVAL_TASK_NAMES = {"vi": "Biên tập viên tỉnh duyệt", "en": "Province editor approval"}


def _rename(model, names: dict[str, str], to: str) -> None:
    model.objects.filter(name__in=[name for name in names.values() if name != names[to]]).update(name=names[to])


def forwards(apps, schema_editor):
    language = settings.LANGUAGE_CODE.split("-")[0]
    if language not in WORKFLOW_NAMES:
        return
    _rename(apps.get_model("wagtailcore", "Workflow"), WORKFLOW_NAMES, language)
    _rename(apps.get_model("wagtailcore", "Task"), APPROVAL_TASK_NAMES, language)


def backwards(apps, schema_editor):
    _rename(apps.get_model("wagtailcore", "Workflow"), WORKFLOW_NAMES, "en")
    _rename(apps.get_model("wagtailcore", "Task"), APPROVAL_TASK_NAMES, "en")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_locales"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
