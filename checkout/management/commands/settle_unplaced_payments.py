from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from checkout.settlement import settle_unplaced_payments


class Command(BaseCommand):
    help = (
        "Refund payments (VNPay) confirmed paid more than --minutes ago for which no order was placed "
        "(the buyer never came back from the gateway), and email the buyers. Run it every 5–10 minutes; "
        "a second run does nothing more, and a refund that failed is tried again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=settings.VNPAY_UNPLACED_REFUND_MINUTES,
                            help="grace period after the payment (default: VNPAY_UNPLACED_REFUND_MINUTES)")

    def handle(self, *args, minutes: int, **options):
        if minutes < 1:
            raise CommandError("--minutes must be at least 1: a buyer who just paid is still coming back.")
        refunded = failed = 0
        for method, payment in settle_unplaced_payments(minutes):
            amount = f"{payment.amount:,}".replace(",", ".")
            if payment.refunded:
                refunded += 1
                self.stdout.write(f"refunded {method.code} {payment.reference} (order {payment.order_number}, "
                                  f"{amount} ₫)")
            else:
                failed += 1
                self.stderr.write(f"refund failed {method.code} {payment.reference} (order "
                                  f"{payment.order_number}, {amount} ₫): {payment.detail}; will retry")
        self.stdout.write(f"{refunded} payment(s) without an order refunded, {failed} failed "
                          f"(paid more than {minutes} min ago)")
        if failed:
            raise CommandError(f"{failed} refund(s) failed; run again later or refund by hand")
