"""Moving order lines along: confirmed → packed → shipped → delivered, or
cancelled. Each line belongs to one producer (its partner), who moves only their
own lines; the order's status is derived from its lines.

Plain service functions (no signals): the dashboard view calls them.

Which moves a line may make now is one function, ``line_transitions``, of the
line's status and its order's payment: the service refuses with its reason and
the dashboard offers only what it allows. Cancelling a line of an order the shop
holds money for needs a ``refund`` callable (``checkout.refunds.refund_lines``,
which goes through the order's payment method): this module knows no payment
method.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalogue.search.indexing import schedule_reindex
from marketplace.order.amounts import amount_due
from marketplace.order.carriers import clean_tracking_number
from marketplace.order.emails import send_shipment_email
from marketplace.order.statuses import (
    AWAITING_PREPAYMENT,
    AWAITING_RECEIPT,
    MONEY_TAKEN,
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
from marketplace.payouts.ledger import credit_delivered_lines, reverse_refunded_lines

Line = get_model("order", "Line")
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
Partner = get_model("partner", "Partner")
PaymentEventType = get_model("order", "PaymentEventType")
ShippingEventType = get_model("order", "ShippingEventType")

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


#: Gives the money of lines being cancelled back (or records it as owed), inside the
#: cancelling transaction; raising undoes the cancellation.
LineRefund = Callable[[object, list], None]


@dataclass(frozen=True)
class Transition:
    """A move a line could make next, and why not when it cannot now."""

    status: str
    #: Why the move is refused now, in the user's language; "" when it is allowed.
    refusal: str = ""

    @property
    def allowed(self) -> bool:
        return not self.refusal

    @property
    def label(self) -> str:
        return _label(self.status)


def _label(status: str) -> str:
    return str(LineStatus(status).label) if status in LineStatus.values else status


def line_transitions(line, order) -> list[Transition]:
    """The moves ``line`` could make next, each allowed or with its refusal
    (none for a delivered or cancelled line).

    The one rule of the order pipeline: the line's status (``OSCAR_LINE_STATUS_PIPELINE``,
    where confirmed → shipped records "packed" on the way), and the order's payment:
    a line whose order awaits money paid before delivery (a transfer, a card) is not
    packed or shipped until it is paid; cash-on-delivery lines are."""
    following = settings.OSCAR_LINE_STATUS_PIPELINE.get(line.status, ())
    if not following:
        return []
    ahead = PROGRESS[PROGRESS.index(line.status) + 1:] if line.status in PROGRESS else []
    transitions = []
    for status in ahead + [LineStatus.CANCELLED]:
        refusal = ""
        if status not in following:
            if status == LineStatus.CANCELLED:
                refusal = _("A shipped line cannot be cancelled.")
            else:
                refusal = _("A line is delivered only after it is shipped.")
        elif status in (LineStatus.PACKED, LineStatus.SHIPPED) and order.payment_status in AWAITING_PREPAYMENT:
            refusal = _("The order is not paid yet (%(payment)s): pack and ship it once the payment arrives.") % {
                "payment": order.get_payment_status_display()}
        elif status in (LineStatus.PACKED, LineStatus.SHIPPED) and order.payment_status == PaymentStatus.REFUNDED:
            refusal = _("The order was refunded: it is not shipped.")
        transitions.append(Transition(status, refusal))
    return transitions


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


def change_line_status(user, order, line_ids: Iterable[int], new_status: str, *,
                       refund: LineRefund | None = None, note: str = "",
                       only_from: str | None = None) -> list:
    """Move the given lines of ``order`` to ``new_status`` for ``user``, atomically.

    ``user`` None is the shop itself (a scheduled command). Cancelling releases the
    line's stock allocation and, when the shop holds the buyer's money, calls
    ``refund(order, lines)`` in the same transaction; shipping consumes the
    allocation (the units leave the warehouse), and confirmed → shipped records
    "packed" on the way. Raises PermissionDenied when a line is not the user's,
    InvalidLineTransition when ``line_transitions`` refuses the move (with its
    reason) or a line is no longer ``only_from`` (checked under the lock: the
    buyer cancels only lines not packed yet); then nothing changes."""
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
        if user is not None and not user.is_staff:
            own_partner_ids = set(Partner._default_manager.filter(users=user).values_list("pk", flat=True))
            if any(line.partner_id not in own_partner_ids for line in lines):
                raise PermissionDenied(_("You can only change your own lines."))
        for line in lines:
            if only_from and line.status != only_from:
                raise InvalidLineTransition(
                    _("Line #%(line)d is “%(status)s” now: it can no longer be changed from here.")
                    % {"line": line.pk, "status": _label(line.status)})
            transition = next((t for t in line_transitions(line, order) if t.status == new_status), None)
            if transition is None or not transition.allowed:
                reason = transition.refusal if transition else _("a line does not go back.")
                raise InvalidLineTransition(
                    _("Line #%(line)d cannot go from “%(old)s” to “%(new)s”: %(reason)s")
                    % {"line": line.pk, "old": _label(line.status), "new": _label(new_status), "reason": reason}
                )
        if new_status == LineStatus.CANCELLED and order.payment_status in MONEY_TAKEN and refund is None:
            raise InvalidLineTransition(_("The order is paid: cancelling its lines refunds them."))
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
            if new_status == LineStatus.SHIPPED and line.status == LineStatus.CONFIRMED:
                line.set_status(LineStatus.PACKED)  # nothing is lost: packing comes first
            line.set_status(new_status)
        if new_status == LineStatus.CANCELLED and order.payment_status in MONEY_TAKEN:
            refund(order, lines)
        elif new_status == LineStatus.DELIVERED:
            record_lines_delivered(user, order, lines)
        status = derive_order_status(order.lines.values_list("status", flat=True))
        if status != order.status:
            old = order.status
            order.status = status
            order.save(update_fields=["status"])
            order._create_order_status_change(old, status)
        message = _("Lines %(lines)s → %(status)s") % {
            "lines": ", ".join(f"#{line.pk}" for line in lines), "status": _label(new_status)}
        OrderNote._default_manager.create(
            order=order, user=user, note_type=OrderNote.SYSTEM,
            message=f"{message} ({note})" if note else message,
        )
        schedule_reindex(line.product_id for line in moving)
    return lines


def ship_lines(user, order, line_ids: Iterable[int], carrier: str, tracking_number: str) -> list:
    """Ship lines as one parcel: the lines move to shipped (through packed when
    they were confirmed), the parcel's carrier and tracking number are recorded
    as one Oscar ShippingEvent, and the buyer gets one email with the tracking
    link. Raises ValidationError on a bad tracking number, and what
    ``change_line_status`` raises; then nothing changes."""
    tracking_number = clean_tracking_number(carrier, tracking_number)
    with transaction.atomic():
        lines = change_line_status(user, order, line_ids, LineStatus.SHIPPED)
        event_type, _created = ShippingEventType._default_manager.get_or_create(name=LineStatus.SHIPPED.value)
        event = order.shipping_events.create(
            event_type=event_type, carrier=carrier, tracking_number=tracking_number, notes=tracking_number)
        for line in lines:
            event.line_quantities.create(line=line, quantity=line.quantity)
        transaction.on_commit(lambda: send_shipment_email(event.pk))
    return lines


def mark_paid(user, order, reference: str = ""):
    """An operator records that the money arrived (a VietQR transfer seen on the
    bank statement, or cash the courier handed over): the order's payment status
    becomes paid, its payment source is debited with the amount due
    (``amounts.amount_due``: lines cancelled before payment are not paid for) and
    a PaymentEvent of that amount is recorded (and returned). Refused when nothing
    is due (every line was cancelled)."""
    if not user.is_staff:
        raise PermissionDenied(_("Only operators can record payments."))
    with transaction.atomic():
        order = Order._default_manager.select_for_update().get(pk=order.pk)
        if order.payment_status == PaymentStatus.PAID:
            raise InvalidLineTransition(_("This order is already paid."))
        if order.payment_status not in AWAITING_RECEIPT:
            raise InvalidLineTransition(_("This order is not awaiting a transfer or cash."))
        # Read under the order's lock: a cancellation locks it first, so the
        # amount cannot change between this read and the payment.
        amount = amount_due(order)
        if amount <= 0:
            raise InvalidLineTransition(_("Nothing is due on this order: all its items were cancelled."))
        left = amount
        for source in order.sources.select_for_update():
            part = min(left, source.amount_allocated - source.amount_debited)
            if part > 0:
                source.debit(part, reference=reference)
                left -= part
        event_type, _created = PaymentEventType._default_manager.get_or_create(name=PaymentEventName.PAID)
        event = order.payment_events.create(event_type=event_type, amount=amount, reference=reference)
        order.payment_status = PaymentStatus.PAID
        order.save(update_fields=["payment_status"])
        OrderNote._default_manager.create(
            order=order, user=user, note_type=OrderNote.SYSTEM,
            message=_("Payment received (%(reference)s)") % {"reference": reference or "-"},
        )
    return event


def record_lines_refunded(order, lines: list, amount, event_name: str, reference: str):
    """Line(s) of ``order`` were refunded (``event_name`` ``Refunded``) or their
    refund is owed (``Refund due``): one Oscar PaymentEvent naming the lines and
    quantities (none: the delivery fee of a fully cancelled order), returned.

    The one place a refund is recorded: whatever must follow a refunded line (the
    producer's payout ledger reversing its credit) is called from here."""
    event_type, _created = PaymentEventType._default_manager.get_or_create(name=event_name)
    event = order.payment_events.create(event_type=event_type, amount=amount, reference=reference)
    for line in lines:
        event.line_quantities.create(line=line, quantity=line.quantity)
    reverse_refunded_lines(lines, refund=event)
    return event


def record_lines_delivered(user, order, lines: list) -> None:
    """Lines of ``order`` reached the buyer, as confirmed by ``user`` (the
    producer, an operator, or the buyer: None): one Oscar ShippingEvent naming them.

    The one place a delivery is recorded: whatever must follow a delivered line
    (the producer's payout ledger crediting it) is called from here."""
    event_type, _created = ShippingEventType._default_manager.get_or_create(name=LineStatus.DELIVERED.value)
    event = order.shipping_events.create(
        event_type=event_type,
        notes=_("Confirmed by %(who)s") % {"who": user.get_username() if user else _("the buyer")},
    )
    for line in lines:
        event.line_quantities.create(line=line, quantity=line.quantity)
    credit_delivered_lines(user, lines)
