"""Writing the producers' ledger: what the shop owes each producer.

Plain service functions, called explicitly from where things happen (no signals):
``marketplace.order.fulfilment.record_lines_delivered`` (and the sales points'
collection) credits delivered lines, ``record_lines_refunded`` reverses refunded
ones, operators add adjustments, and ``statements.approve_statement`` writes
payouts. Entries are only ever added; the unique constraints make a line credited
once and reversed at most once, so calling these twice changes nothing.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.order.carriers import Carrier
from marketplace.payouts.commission import commission_of
from marketplace.payouts.models import EntryKind, LedgerEntry

Line = get_model("order", "Line")
ShippingEvent = get_model("order", "ShippingEvent")


class LedgerError(ValueError):
    pass


def producer_of(line):
    """The producer a line's money is owed to: the producer selling as the line's
    partner (None for a partner that is no producer, e.g. a sales point)."""
    partner = line.partner
    return getattr(partner, "producer", None) if partner is not None else None


def delivered_by_producer(line) -> bool:
    """True when the line went out with the producer's own delivery."""
    return ShippingEvent._default_manager.filter(lines=line, carrier=Carrier.OWN).exists()


def sale_amount(line) -> int:
    """What a delivered line earns its producer: line total − commission, plus
    the line's delivery fee share when the producer delivered it itself."""
    commission = commission_of(line)
    amount = commission.line_total - commission.amount
    if commission.delivery_fee_share and delivered_by_producer(line):
        amount += commission.delivery_fee_share
    return amount


def _add(entry: LedgerEntry) -> LedgerEntry | None:
    """Insert ``entry``; None when a unique constraint says it exists already."""
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        return None
    return entry


def credit_delivered_lines(user, lines, at: datetime.datetime | None = None) -> list[LedgerEntry]:
    """A sale entry for each delivered line of a producer not credited yet."""
    at = at or timezone.now()
    created = []
    for line in lines:
        producer = producer_of(line)
        if producer is None or LedgerEntry.objects.filter(line=line, kind=EntryKind.SALE).exists():
            continue
        entry = _add(LedgerEntry(
            producer=producer, kind=EntryKind.SALE, amount=sale_amount(line), line=line,
            created_by=user if user is not None and user.is_authenticated else None, created_at=at,
        ))
        if entry is not None:
            created.append(entry)
    return created


def reverse_refunded_lines(lines, refund=None, user=None,
                           at: datetime.datetime | None = None) -> list[LedgerEntry]:
    """A reversal (minus the sale) for each refunded or returned line that was
    credited and not reversed yet; lines never credited (refunded before
    delivery) owe the producer nothing and get none."""
    at = at or timezone.now()
    created = []
    for line in lines:
        sale = LedgerEntry.objects.filter(line=line, kind=EntryKind.SALE).first()
        if sale is None:
            continue
        entry = _add(LedgerEntry(
            producer_id=sale.producer_id, kind=EntryKind.REVERSAL, amount=-sale.amount, line=line,
            refund=refund, created_by=user if user is not None and user.is_authenticated else None,
            created_at=at,
        ))
        if entry is not None:
            created.append(entry)
    return created


def add_adjustment(user, producer, amount: int, reason: str,
                   at: datetime.datetime | None = None) -> LedgerEntry:
    """An operator's correction of ``amount`` đồng (signed) with its reason."""
    if user is None or not user.is_staff:
        raise LedgerError(_("Only operators can adjust a producer's ledger."))
    reason = " ".join((reason or "").split())
    if not reason:
        raise LedgerError(_("Say why: an adjustment needs a reason."))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
        raise LedgerError(_("An adjustment is a whole number of đồng other than zero."))
    return LedgerEntry.objects.create(
        producer=producer, kind=EntryKind.ADJUSTMENT, amount=amount, reason=reason[:255],
        created_by=user, created_at=at or timezone.now(),
    )


def balance(producer, at: datetime.datetime | None = None) -> int:
    """What the shop owes ``producer`` (at ``at``): the sum of its entries."""
    entries = LedgerEntry.objects.filter(producer=producer)
    if at is not None:
        entries = entries.filter(created_at__lte=at)
    return entries.aggregate(total=Sum("amount"))["total"] or 0
