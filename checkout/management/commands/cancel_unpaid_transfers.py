from django.conf import settings
from django.core.management.base import BaseCommand

from checkout.expiry import cancel_unpaid_transfers


class Command(BaseCommand):
    help = (
        "Cancel orders whose bank transfer has not arrived within VIETQR_PAYMENT_WINDOW_HOURS, "
        "release their stock and email the buyers. Run it hourly; a second run does nothing."
    )

    def handle(self, *args, **options):
        numbers = cancel_unpaid_transfers()
        self.stdout.write(
            f"{len(numbers)} order(s) cancelled after {settings.VIETQR_PAYMENT_WINDOW_HOURS} h without "
            f"a transfer{': ' + ', '.join(numbers) if numbers else ''}"
        )
