from django.core.management.base import BaseCommand

from catalogue.expiry import THRESHOLDS, notify_expiring_certificates


class Command(BaseCommand):
    help = (
        f"Email producers about certificates that expire in {'/'.join(map(str, THRESHOLDS))} days "
        "(run daily; each reminder goes once per certificate and threshold)."
    )

    def handle(self, *args, **options):
        sent = notify_expiring_certificates()
        self.stdout.write(f"{sent} reminder(s) sent.")
