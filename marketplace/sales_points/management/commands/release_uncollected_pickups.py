"""Run daily (cron): cancel click-and-collect orders nobody collected within
``CLICK_AND_COLLECT_HOLD_DAYS`` and give their stock back to the point's shelf."""

from django.core.management.base import BaseCommand

from marketplace.sales_points.pickup import release_uncollected


class Command(BaseCommand):
    help = "Cancel uncollected click-and-collect orders and release their stock (run daily)."

    def handle(self, *args, **options):
        numbers = release_uncollected()
        for number in numbers:
            self.stdout.write(f"Released order {number}")
        self.stdout.write(self.style.SUCCESS(f"{len(numbers)} uncollected order(s) released."))
