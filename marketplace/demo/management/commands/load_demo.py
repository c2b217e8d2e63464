"""``manage.py load_demo``: a realistic OCOP shop on a fresh database (run by ``make run``)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalogue.importing import ImportValidationError
from marketplace.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo catalogue (real OCOP products, through the CSV import), demo accounts, "
        "CMS pages and the search index. Safe to run again: nothing is duplicated."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]

        def step(message: str) -> None:
            self.stdout.write(self.style.MIGRATE_HEADING(message))

        bars = []

        def progress_factory(total: int, desc: str):
            bar = tqdm(total=total, desc=f"  {desc}", unit="", leave=False, disable=verbosity < 1)
            bars.append(bar)

            def update(done: int) -> None:
                bar.update(done - bar.n)
                if done >= total:
                    bar.close()

            return update

        try:
            summary = load_demo(self.stdout, step, progress_factory)
        except ImportValidationError as exc:
            # The demo file is generated from marketplace/demo/data.py: an error here is a bug there.
            raise CommandError(
                "The demo CSV did not validate:\n" + "\n".join(f"  {error}" for error in exc.errors)
            ) from exc
        finally:
            for bar in bars:
                bar.close()

        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write("Sign in at /accounts/login/ (shop), /dashboard/, /cms/ or /admin/ with:")
        for role, email, password, created in summary["accounts"]:
            note = "" if created else "  (existing account: password unchanged if you changed it)"
            self.stdout.write(f"  {role:<52} {email:<28} {password}{note}")
        self.stdout.write(self.style.WARNING("These are development passwords: never use them in production."))
