"""``python manage.py search_index --rebuild | --check [--backend database|elasticsearch]``

--rebuild  rebuilds the database search table (in one transaction) and, when
           ELASTICSEARCH_URL is set, a new timestamped Elasticsearch index that
           then replaces the old one behind the alias in one atomic swap.
--check    lists differences between the catalogue and each index (missing,
           extra and stale products); exits 1 when there are any.
"""

from django.core.management.base import BaseCommand, CommandError

from catalogue.search.backends import database_backend, elasticsearch_backend
from catalogue.search.indexing import check, rebuild


class Command(BaseCommand):
    help = "Rebuild or check the product search index (database table and Elasticsearch)."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument(
            "--rebuild", action="store_true", help="Rebuild the index from the catalogue."
        )
        action.add_argument(
            "--check", action="store_true", help="Report differences between catalogue and index."
        )
        parser.add_argument(
            "--backend",
            choices=["all", "database", "elasticsearch"],
            default="all",
            help="Which index (default: the database table, and Elasticsearch when configured).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def backends(self, choice: str):
        es = elasticsearch_backend()
        if choice == "elasticsearch" and es is None:
            raise CommandError("ELASTICSEARCH_URL is not set.")
        if choice == "database":
            return [database_backend()]
        if choice == "elasticsearch":
            return [es]
        return [database_backend(), *([es] if es is not None else [])]

    def handle(self, *args, backend, **options):
        backends = self.backends(backend)
        if options["rebuild"]:
            for item in backends:
                try:
                    counts = rebuild([item], progress=not options["no_progress"])
                except Exception as error:
                    raise CommandError(
                        f"Rebuilding the {item.name} index failed: {error}"
                    ) from error
                self.stdout.write(
                    self.style.SUCCESS(f"{item.name}: indexed {counts[item.name]} products")
                )
            return
        differences = 0
        for item in backends:
            try:
                report = check(item)
            except Exception as error:
                raise CommandError(f"Checking the {item.name} index failed: {error}") from error
            found = len(report["missing"]) + len(report["extra"]) + len(report["stale"])
            differences += found
            if not found:
                self.stdout.write(self.style.SUCCESS(f"{item.name}: in step with the catalogue"))
                continue
            self.stdout.write(self.style.WARNING(f"{item.name}: {found} difference(s)"))
            for pk in report["missing"]:
                self.stdout.write(f"  missing   product {pk} (listable, not in the index)")
            for pk in report["extra"]:
                self.stdout.write(f"  extra     product {pk} (in the index, not listable)")
            for pk, field, expected, actual in report["stale"]:
                self.stdout.write(
                    f"  stale     product {pk}: {field} is {actual!r} in the index, {expected!r} in the catalogue"
                )
        if differences:
            self.stdout.write("Run `python manage.py search_index --rebuild` to resynchronise.")
            raise SystemExit(1)
