from django.core.management.base import BaseCommand, CommandError
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

    def handle(self, csv_file, dry_run=False, **options):
        bar = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, desc="Importing", unit="row", file=self.stderr, disable=total < 200)
            bar.update(done - bar.n)

        try:
            report = import_products(csv_file, dry_run=dry_run, progress=progress)
        except FileNotFoundError:
            raise CommandError(f"No such file: {csv_file}")
        except ImportValidationError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} error(s); nothing was imported.")
        finally:
            if bar is not None:
                bar.close()
        self.stdout.write(format_report(report))
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was saved."))
