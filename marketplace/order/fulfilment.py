"""Moving order lines along: confirmed → packed → shipped → delivered, or
cancelled. Each line belongs to one producer (its partner), who moves only their
own lines; the order's status is derived from its lines.

Plain service functions (no signals): the dashboard view calls them.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalogue.search.indexing import schedule_reindex
from marketplace.order.statuses import (
    AWAITING_RECEIPT,
    LineStatus,
    OrderStatus,
    PaymentEventName,
    PaymentStatus,
)
from marketplace.partner.models import LedgerSource
from marketplace.partner.stock import (
    InsufficientStock,
    StockMove,
    StockOrigin,
    consume_stock,
    release_stock,
    tracks_stock,
)

Line = get_model("order", "Line")
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
Partner = get_model("partner", "Partner")
PaymentEventType = get_model("order", "PaymentEventType")

#: A line's way forward, slowest first (cancelled is off this way).
PROGRESS = [LineStatus.CONFIRMED, LineStatus.PACKED, LineStatus.SHIPPED, LineStatus.DELIVERED]


class InvalidLineTransition(ValueError):
    pass


def has_received(user, product) -> bool:
    """True when ``user`` has a delivered order line for ``product``: the
    "verified purchase" that opens reviews (``catalogue.Product.is_review_permitted``)."""
    if not user.is_authenticated:
        return False
    return Line._default_manager.filter(order__user=user, product=product, status=LineStatus.DELIVERED).exists()


def lines_visible_to(user, order):
    """An order's lines a dashboard user may see: all for staff, a producer's own otherwise."""
    lines = order.lines.select_related("partner", "stockrecord").order_by("pk")
    if user.is_staff:
        return lines
    return lines.filter(partner__users=user)


def lines_by_producer(order) -> list[tuple[str, list]]:
    """An order's lines grouped by producer (partner name, then line order), with
    each line's partner loaded: the buyer's pages and emails, and each producer's
    own notice, are laid out from this."""
    groups: dict[int | None, list] = {}
    for line in order.lines.select_related("partner").order_by("partner_name", "partner_id", "pk"):
        # By partner, not by name: two producers may share a name, never their lines.
        groups.setdefault(line.partner_id, []).append(line)
    return [(lines[0].partner_name, lines) for lines in groups.values()]


def derive_order_status(statuses: Iterable[str]) -> OrderStatus:
    """The order's status from its lines': cancelled lines don't count unless all
    are cancelled; otherwise the least advanced line sets the pace, and an order
    with some lines ahead of others is "Processing"."""
    active = [status for status in statuses if status != LineStatus.CANCELLED]
    if not active:
        return OrderStatus.CANCELLED
    ranks = [PROGRESS.index(status) if status in PROGRESS else 0 for status in active]
    slowest = PROGRESS[min(ranks)]
    if slowest == LineStatus.SHIPPED:
        return OrderStatus.SHIPPED
    if slowest == LineStatus.DELIVERED:
        return OrderStatus.DELIVERED
    if max(ranks) > 0:
        return OrderStatus.PROCESSING
    return OrderStatus.CONFIRMED


def change_line_status(user, order, line_ids: Iterable[int], new_status: str) -> list:
    """Move the given lines of ``order`` to ``new_status`` for ``user``, atomically.

    Cancelling releases the line's stock allocation; shipping consumes it (the
    units leave the warehouse). Raises PermissionDenied when a line is not the
    user's, InvalidLineTransition when the pipeline forbids the move; then nothing
    changes."""
    line_ids = sorted({int(pk) for pk in line_ids})
    if new_status not in settings.OSCAR_LINE_STATUS_PIPELINE:
        raise InvalidLineTransition(_("“%(status)s” is not a line status.") % {"status": new_status})
    with transaction.atomic():
        # Lock the order's row first, then its lines in id order: two producers
        # moving lines of one order serialise here instead of deadlocking.
        order = Order._default_manager.select_for_update().get(pk=order.pk)
        lines = list(
            Line._default_manager.select_for_update(of=("self",))
            .select_related("product__product_class")
            .filter(order=order, pk__in=line_ids).order_by("pk")
        )
        if len(lines) != len(line_ids):
            raise PermissionDenied(_("Some of these lines are not in this order."))
        if not user.is_staff:
            own_partner_ids = set(Partner._default_manager.filter(users=user).values_list("pk", flat=True))
            if any(line.partner_id not in own_partner_ids for line in lines):
                raise PermissionDenied(_("You can only change your own lines."))
        for line in lines:
            if new_status not in line.available_statuses():
                raise InvalidLineTransition(
                    _("Line #%(line)d cannot go from “%(old)s” to “%(new)s”.")
                    % {"line": line.pk, "old": line.status, "new": new_status}
                )
        # The stock moves: cancelling releases the lines' allocations, shipping
        # consumes them; the line keeps its own count in step (as Oscar's
        # Line.cancel_allocation / consume_allocation do).
        moving = [
            line for line in lines
            if new_status in (LineStatus.CANCELLED, LineStatus.SHIPPED) and tracks_stock(line) and line.num_allocated
        ]
        moves = [StockMove(line.stockrecord_id, line.num_allocated) for line in moving]
        if new_status == LineStatus.CANCELLED:
            release_stock(moves, StockOrigin.for_user(LedgerSource.ORDER_CANCELLED, user, order.number))
            for line in moving:
                line.num_allocated, line.allocation_cancelled = 0, True
        elif new_status == LineStatus.SHIPPED:
            try:
                consume_stock(moves, StockOrigin.for_user(LedgerSource.ONLINE_ORDER, user, order.number))
            except InsufficientStock:
                raise InvalidLineTransition(
                    _("The stock of these products is lower than what these lines hold: "
                      "correct the stock in the product's page first.")
                ) from None
            for line in moving:
                line.num_allocated = 0
        for line in lines:
            line.set_status(new_status)
        status = derive_order_status(order.lines.values_list("status", flat=True))
        if status != order.status:
            old = order.status
            order.status = status
            order.save(update_fields=["status"])
            order._create_order_status_change(old, status)
        OrderNote._default_manager.create(
            order=order, user=user, note_type=OrderNote.SYSTEM,
            message=_("Lines %(lines)s → %(status)s")
            % {"lines": ", ".join(f"#{line.pk}" for line in lines), "status": new_status},
        )
        schedule_reindex(line.product_id for line in moving)
    return lines


def mark_paid(user, order, reference: str = "") -> None:
    """An operator records that the money arrived (a VietQR transfer seen on the
    bank statement, or cash the courier handed over): the order's payment status
    becomes paid, its payment source is debited and a PaymentEvent is recorded."""
    if not user.is_staff:
        raise PermissionDenied(_("Only operators can record payments."))
    with transaction.atomic():
        order = Order._default_manager.select_for_update().get(pk=order.pk)
        if order.payment_status == PaymentStatus.PAID:
            raise InvalidLineTransition(_("This order is already paid."))
        if order.payment_status not in AWAITING_RECEIPT:
            raise InvalidLineTransition(_("This order is not awaiting a transfer or cash."))
        amount = order.total_incl_tax
        for source in order.sources.select_for_update():
            source.debit(source.amount_allocated - source.amount_debited, reference=reference)
        event_type, _created = PaymentEventType._default_manager.get_or_create(name=PaymentEventName.PAID)
        order.payment_events.create(event_type=event_type, amount=amount, reference=reference)
        order.payment_status = PaymentStatus.PAID
        order.save(update_fields=["payment_status"])
        OrderNote._default_manager.create(
            order=order, user=user, note_type=OrderNote.SYSTEM,
            message=_("Payment received (%(reference)s)") % {"reference": reference or "-"},
        )
