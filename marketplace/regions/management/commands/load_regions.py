from django.core.management.base import BaseCommand

from marketplace.regions.loader import load_regions


class Command(BaseCommand):
    help = "Load or refresh the 34 provinces, 3,321 wards and pre-2025 names (idempotent)."

    def handle(self, *args, **options):
        report = load_regions(progress=lambda message: self.stdout.write(message))
        if not report.changed:
            self.stdout.write(self.style.SUCCESS("The map is up to date; nothing changed."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Provinces +{report.provinces_created} ~{report.provinces_updated}, "
                f"wards +{report.wards_created} ~{report.wards_updated}, "
                f"old names +{report.aliases_created} -{report.aliases_deleted}."
            )
        )
