"""Payments taken with no order: the buyer paid on a gateway's page and never came
back to the shop, so the order (which needs their checkout session: basket,
address, delivery) was never placed. ``manage.py settle_unplaced_payments`` calls
this every few minutes; each method gives back its own (``PaymentMethod.settle_unplaced``)
and the buyer is emailed in the language they checked out in."""

from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from checkout.payment import available_methods
from checkout.payment.base import PaymentMethod, UnplacedPayment
from checkout.placement import notify_payment_refunded


def settle_unplaced_payments(minutes: int) -> Iterator[tuple[PaymentMethod, UnplacedPayment]]:
    """Refund each payment confirmed more than ``minutes`` ago that no order
    claimed, one by one (yielded as it is done). A second run finds nothing more."""
    paid_before = timezone.now() - timedelta(minutes=minutes)
    for method in available_methods():
        for payment in method.settle_unplaced(paid_before):
            if payment.refunded:
                notify_payment_refunded(method, payment.order_number, payment.amount, payment.email,
                                        payment.language, reason="")
            yield method, payment
