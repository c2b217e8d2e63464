from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import ngettext
from tqdm import tqdm

from catalogue.importing import ImportValidationError, format_report, import_products


class Command(BaseCommand):
    help = (
        "Import a provincial OCOP product list (CSV, UTF-8, header row; format in "
        "docs/import-format.md). The whole file is checked first: if any row is "
        "invalid every error is listed and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file")
        parser.add_argument("--dry-run", action="store_true", help="validate and report only; save nothing")
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], default=settings.LANGUAGE_CODE,
            help="language of the errors and the summary (default: %(default)s)",
        )

    def handle(self, csv_file, dry_run=False, language=None, **options):
        with translation.override(language or settings.LANGUAGE_CODE):
            self._import(csv_file, dry_run)

    def _import(self, csv_file: str, dry_run: bool) -> None:
        bar = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, desc="Importing", unit="row", file=self.stderr, disable=total < 200)
            bar.update(done - bar.n)

        try:
            report = import_products(csv_file, dry_run=dry_run, progress=progress)
        except FileNotFoundError:
            raise CommandError(translation.gettext("No such file: %(path)s") % {"path": csv_file})
        except ImportValidationError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            count = len(exc.errors)
            raise CommandError(
                ngettext("%(count)s error; nothing was imported.", "%(count)s errors; nothing was imported.", count)
                % {"count": count}
            )
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(format_report(report))
        if dry_run:
            self.stdout.write(self.style.WARNING(translation.gettext("Dry run: nothing was saved.")))
