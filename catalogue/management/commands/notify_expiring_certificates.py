from django.core.management.base import BaseCommand

from catalogue.expiry import THRESHOLDS, notify_expiring_certificates


class Command(BaseCommand):
    help = (
        "Email producers about certificates that expire in %s days (run daily; "
        "each reminder goes once per certificate and threshold)." % "/".join(map(str, THRESHOLDS))
    )

    def handle(self, *args, **options):
        sent = notify_expiring_certificates()
        self.stdout.write(f"{sent} reminder(s) sent.")
