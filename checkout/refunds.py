"""Cancelling lines the buyer has paid for: each line's amount goes back through
the method the order was paid with (``PaymentMethod.refund``: a card refund, or a
refund a person owes for a transfer or cash), in the cancelling transaction.

``cancel_lines`` is what the dashboard, the buyer's order page and the commands
call; ``marketplace.order.fulfilment.change_line_status`` does the status and
stock side and calls ``refund_lines`` back while the order row is locked.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from checkout.emails import send_lines_cancelled_email
from checkout.payment import method_for_order
from checkout.payment.base import RefundFailed
from marketplace.order.amounts import compute_amount_due
from marketplace.order.fulfilment import change_line_status, record_lines_refunded
from marketplace.order.statuses import (
    AWAITING_RECEIPT,
    MONEY_TAKEN,
    LineStatus,
    PaymentEventName,
    PaymentStatus,
)

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")

#: Payment events that gave (or owe) money back.
REFUND_EVENTS = (PaymentEventName.REFUNDED, PaymentEventName.REFUND_DUE)


def refunded_so_far(order) -> Decimal:
    total = PaymentEvent._default_manager.filter(
        order=order, event_type__name__in=REFUND_EVENTS
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def unpaid_cancelled_amount(order, *, besides=()) -> Decimal:
    """The price of ``order``'s lines cancelled before the buyer paid (apart from
    the lines ``besides``): never paid for, hence never refunded. They had left
    the amount the buyer paid (``marketplace.order.amounts.amount_due``), so the
    rest of a paid order given back with its last line leaves them out.

    A line cancelled after payment is always named by a refund event
    (``refund_lines``), so a cancelled line no refund names was cancelled before."""
    total = (
        order.lines.filter(status=LineStatus.CANCELLED).exclude(pk__in=list(besides))
        .exclude(payment_event_quantities__event__event_type__name__in=REFUND_EVENTS)
        .aggregate(total=Sum("line_price_incl_tax"))["total"]
    )
    return total or Decimal(0)


def _rest(order, lines: list, lines_amount: Decimal) -> Decimal:
    """What is left of what the buyer paid once ``lines`` (the last ones) are
    refunded: the delivery fee, normally."""
    besides = [line.pk for line in lines]
    return order.total_incl_tax - refunded_so_far(order) - lines_amount - unpaid_cancelled_amount(
        order, besides=besides)


@dataclass(frozen=True)
class RefundPlan:
    """What cancelling some lines would give back, shown before the buyer confirms."""

    #: False when the buyer has not paid (cash on delivery, a transfer not yet
    #: arrived): cancelling costs and refunds nothing.
    paid: bool
    lines_amount: Decimal = Decimal(0)
    #: The delivery fee, given back with the last line.
    delivery_amount: Decimal = Decimal(0)
    #: How the money comes back (the payment method's words).
    how: str = ""
    #: Not paid yet: what the buyer is asked to pay once these lines are
    #: cancelled (``amount_due`` then; 0 when no line is left).
    due_after: Decimal | None = None

    @property
    def total(self) -> Decimal:
        return self.lines_amount + self.delivery_amount


def plan_refund(order, lines: list) -> RefundPlan:
    """What ``refund_lines`` would give back if these lines were cancelled now
    or, for an order not paid yet, what would still be due."""
    if order.payment_status not in MONEY_TAKEN:
        due_after = None
        if order.payment_status in AWAITING_RECEIPT:
            cancelling = {line.pk for line in lines}
            rows = order.lines.values_list("pk", "line_price_incl_tax", "status")
            due_after = compute_amount_due(order.total_incl_tax, (
                (price, status == LineStatus.CANCELLED or pk in cancelling) for pk, price, status in rows))
        return RefundPlan(paid=False, due_after=due_after)
    lines_amount = sum((line.line_price_incl_tax for line in lines), Decimal(0))
    left_active = order.lines.exclude(status=LineStatus.CANCELLED).exclude(
        pk__in=[line.pk for line in lines]).exists()
    rest = Decimal(0) if left_active else max(_rest(order, lines, lines_amount), Decimal(0))
    method = method_for_order(order)
    how = method.refund_how() if method else _("Our team pays it back to you; a refund is recorded as due.")
    return RefundPlan(paid=True, lines_amount=lines_amount, delivery_amount=rest, how=how)


def refund_lines(order, lines: list, *, reason: str = "") -> list:
    """Give the cancelled ``lines``' amounts back, one refund per line (its own
    idempotency key), plus the rest of what was paid (delivery) when no line is
    left (lines cancelled before payment were not paid for: not in the rest).
    Runs inside ``change_line_status``'s transaction with the order locked;
    a refused refund raises and undoes the cancellation. Returns the payment
    events recorded (``Refunded`` or ``Refund due``), for the buyer's notice."""
    method = method_for_order(order)
    if method is None:
        raise RefundFailed(_("This order's payment method is unknown: an operator must refund it."))
    reason = reason or _("Cancelled lines of order %(number)s") % {"number": order.number}
    refunds = [(line.line_price_incl_tax, f"refund-{order.number}-line-{line.pk}", [line]) for line in lines]
    left_active = order.lines.exclude(status=LineStatus.CANCELLED).exists()
    if not left_active:
        rest = _rest(order, lines, sum((amount for amount, _key, _l in refunds), Decimal(0)))
        if rest > 0:
            refunds.append((rest, f"refund-{order.number}-rest", []))
    events = []
    for amount, key, refunded_lines in refunds:
        if amount <= 0:
            continue
        result = method.refund(order, amount, reason=reason, idempotency_key=key)
        name = PaymentEventName.REFUNDED if result.settled else PaymentEventName.REFUND_DUE
        events.append(record_lines_refunded(order, refunded_lines, result.amount, name, result.reference))
    status = PaymentStatus.PARTIALLY_REFUNDED if left_active else PaymentStatus.REFUNDED
    # Conditional: a webhook's full refund (refunded) is final and stays.
    Order._default_manager.filter(pk=order.pk).exclude(payment_status=PaymentStatus.REFUNDED).update(
        payment_status=status
    )
    order.payment_status = status
    return events


def cancel_lines(user, order, line_ids, *, note: str = "", reason: str = "", only_from: str | None = None,
                 notify_buyer: bool = True) -> list:
    """Cancel these lines for ``user`` (a producer, an operator, the buyer through
    their order page, or None for the shop): their stock is released and, when
    the buyer has paid, their amount refunded. Raises ``InvalidLineTransition``,
    ``PermissionDenied`` or ``RefundFailed``; then nothing changed.

    ``reason`` (a producer's or operator's words, for the buyer) goes into the
    order's note and the buyer's email. Unless ``notify_buyer`` is False (the
    buyer cancelled on their order page and read the same facts there), the
    buyer gets one email for the whole action once it has committed
    (``checkout.emails.send_lines_cancelled_email``): what was cancelled, why, and
    what becomes of their money (the new amount due, or the refund)."""
    reason = " ".join((reason or "").split())
    refund_events: list = []

    def refund(order, lines: list) -> None:
        refund_events.extend(refund_lines(order, lines))

    with transaction.atomic():
        lines = change_line_status(user, order, line_ids, LineStatus.CANCELLED, refund=refund,
                                   note="; ".join(part for part in (note, reason) if part), only_from=only_from)
        if notify_buyer:
            line_ids = [line.pk for line in lines]
            event_ids = [event.pk for event in refund_events]
            transaction.on_commit(lambda: send_lines_cancelled_email(
                order.pk, line_ids, reason=reason, refund_event_ids=event_ids))
    return lines
