"""What an order still asks its buyer to pay: the one rule for the amount due.

An order not paid yet (a VietQR transfer awaited, cash the courier has still to
collect) can lose lines before the money comes: the buyer, a producer or an
operator cancels them (``checkout.refunds.cancel_lines``), and nothing is refunded
because nothing was taken. The order's ``total_incl_tax`` stays what was placed
(it is the record of the sale); what the buyer is asked to pay is ``amount_due``.
The QR code and its transfer note's amount, the matching of a bank statement line,
the cash the courier collects, the operator's "mark as received" and the buyer's
pages all read it from here.

Money is VND, which has no minor unit: every amount here is whole đồng (the
order's stored amounts are), as a ``Decimal`` like the order's own fields.
"""

from collections.abc import Iterable
from decimal import Decimal

from marketplace.order.statuses import AWAITING_RECEIPT, LineStatus


def compute_amount_due(order_total: Decimal, lines: Iterable[tuple[Decimal, bool]]) -> Decimal:
    """The rule, on plain values: ``order_total`` as placed and each line's
    (price incl. tax after discounts, cancelled?).

    The total of the lines not cancelled, plus the order's delivery fee while any
    line remains; nothing once every line is cancelled. The delivery fee is what
    the placed total holds beyond its lines (the zone's fee as charged at
    placement, after the free-delivery threshold or a shipping offer; surcharges,
    if any, likewise), and it is kept whole, not shared out between the lines:

    - one delivery still goes out while any line remains, and the fee is the
      order's (by destination zone), not a line's;
    - it is never raised after placement: an order that shipped free because its
      basket passed ``FREE_SHIPPING_THRESHOLD_VND`` stays free when a cancellation
      takes it below; a cancellation never asks the buyer for more than they
      were told at checkout;
    - it goes with the last line, as for a paid order, whose fee is refunded
      when its last line is cancelled (``checkout.refunds.refund_lines``).

    Never negative."""
    lines = list(lines)
    all_lines = sum((price for price, _cancelled in lines), Decimal(0))
    remaining = [price for price, cancelled in lines if not cancelled]
    if not remaining:
        return Decimal(0)
    fee = max(Decimal(order_total) - all_lines, Decimal(0))
    return max(sum(remaining, Decimal(0)) + fee, Decimal(0))


def amount_due(order) -> Decimal:
    """What ``order`` asks its buyer to pay now, whole đồng (``compute_amount_due``):
    its placed total until a line is cancelled, then less; 0 when every line is
    cancelled. It says nothing about whether the money already came (see
    ``amount_to_pay``): a paid order's cancelled lines are refunded instead.

    One query, none when a list page prefetched the lines
    (``prefetch_related("order__lines")``). Read it with the order's row locked
    (``select_for_update``) where money moves on it (``mark_paid``, statement
    matching): line cancellations lock that row first, so the amount cannot
    change under the decision."""
    return compute_amount_due(order.total_incl_tax, (
        (line.line_price_incl_tax, line.status == LineStatus.CANCELLED) for line in order.lines.all()))


def amount_to_pay(order) -> Decimal | None:
    """``amount_due`` while the buyer still owes the money (a transfer awaited,
    cash on delivery not collected yet); None once paid, refunded or failed."""
    if order.payment_status not in AWAITING_RECEIPT:
        return None
    return amount_due(order)
