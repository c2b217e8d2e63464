"""Orders whose bank transfer never came: after ``VIETQR_PAYMENT_WINDOW_HOURS``
they are cancelled, their stock released and the buyer told, in their language.

Run hourly by ``manage.py cancel_unpaid_transfers``; each order is settled in its
own transaction with a conditional check on its payment status, so a transfer
recorded at the same moment (``mark_paid``) wins or waits, and a second run finds
nothing left to do.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.order.amounts import amount_due
from marketplace.order.emails import send_buyer_email
from marketplace.order.fulfilment import change_line_status
from marketplace.order.statuses import LineStatus, PaymentEventName, PaymentStatus

Order = get_model("order", "Order")
PaymentEventType = get_model("order", "PaymentEventType")

logger = logging.getLogger(__name__)


def expired_transfer_orders(now: datetime.datetime | None = None):
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=settings.VIETQR_PAYMENT_WINDOW_HOURS)
    return Order._default_manager.filter(
        payment_status=PaymentStatus.AWAITING_TRANSFER, date_placed__lt=cutoff
    ).order_by("pk")


def cancel_unpaid_transfer(order) -> bool:
    """Cancel one order still awaiting its transfer. False when it was paid (or
    cancelled) meanwhile."""
    with transaction.atomic():
        order = Order._default_manager.select_for_update().get(pk=order.pk)
        if order.payment_status != PaymentStatus.AWAITING_TRANSFER:
            return False
        # What the buyer was asked for and never sent (lines they cancelled were not).
        awaited = amount_due(order)
        open_lines = list(order.lines.exclude(status=LineStatus.CANCELLED).values_list("pk", flat=True))
        if open_lines:
            change_line_status(None, order, open_lines, LineStatus.CANCELLED,
                               note=_("the bank transfer did not arrive in time"))
        event_type, _created = PaymentEventType._default_manager.get_or_create(name=PaymentEventName.EXPIRED)
        order.payment_events.create(event_type=event_type, amount=awaited, reference=order.number)
        Order._default_manager.filter(pk=order.pk).update(payment_status=PaymentStatus.FAILED)
        if awaited:
            # A buyer who cancelled every item awaited no transfer: no "it did not arrive" email.
            transaction.on_commit(lambda: send_buyer_email(
                order, "cancelled", {"hours": settings.VIETQR_PAYMENT_WINDOW_HOURS}))
    return True


def cancel_unpaid_transfers(now: datetime.datetime | None = None) -> list[str]:
    """Cancel every order whose transfer is overdue; the numbers of those cancelled."""
    cancelled = []
    for order in expired_transfer_orders(now):
        if cancel_unpaid_transfer(order):
            logger.info("Order #%s cancelled: its bank transfer did not arrive in time", order.number)
            cancelled.append(order.number)
    return cancelled
