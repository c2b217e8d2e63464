"""When a producer's money may be paid out.

A sale entry (a delivered line) clears once the shop has the buyer's money — the
order is paid: cash on delivery collected and recorded, the transfer matched, the
card or VNPay payment captured (``payment_status`` paid or partially refunded) —
and ``PAYOUT_HOLDING_DAYS`` (default 7, for returns) have passed since delivery.
Every other entry (reversals, adjustments, payouts) counts at once: what reduces
a producer's balance is never held back; a reversed sale counts with its reversal.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from marketplace.order.statuses import MONEY_TAKEN
from marketplace.payouts.models import EntryKind, LedgerEntry


def holding_period() -> datetime.timedelta:
    return datetime.timedelta(days=settings.PAYOUT_HOLDING_DAYS)


def available_entries(producer, at: datetime.datetime | None = None) -> QuerySet:
    """The producer's entries that count towards its available balance at ``at``."""
    at = at or timezone.now()
    cleared_sale = (Q(kind=EntryKind.SALE) & Q(created_at__lte=at - holding_period())
                    & Q(line__order__payment_status__in=MONEY_TAKEN))
    # A reversed sale counts with its reversal (they cancel out), cleared or not.
    reversed_sale = Q(kind=EntryKind.SALE) & Exists(LedgerEntry.objects.filter(
        line=OuterRef("line"), kind=EntryKind.REVERSAL, created_at__lte=at))
    return LedgerEntry.objects.filter(producer=producer, created_at__lte=at).filter(
        ~Q(kind=EntryKind.SALE) | cleared_sale | reversed_sale)


def available_balance(producer, at: datetime.datetime | None = None) -> int:
    """What may be paid out to ``producer`` at ``at`` (negative when reversals
    and adjustments exceed what has cleared: the producer then owes the shop)."""
    return available_entries(producer, at).aggregate(total=Sum("amount"))["total"] or 0


def unsettled_available_entries(producer, at: datetime.datetime | None = None) -> QuerySet:
    """The available entries no statement settles yet (what the next statement
    pays); payouts are never settled, they pay."""
    return available_entries(producer, at).exclude(kind=EntryKind.PAYOUT).filter(settlement__isnull=True)


@dataclass(frozen=True)
class PendingEntry:
    entry: LedgerEntry
    #: When the holding period ends; the money clears then if the order is paid.
    clears_on: datetime.datetime
    #: False while the shop has not received the buyer's money.
    order_paid: bool


def pending_entries(producer, at: datetime.datetime | None = None) -> list[PendingEntry]:
    """The producer's delivered lines whose money has not cleared at ``at``, each
    with the moment its holding period ends, soonest first."""
    at = at or timezone.now()
    cleared = available_entries(producer, at).values("pk")
    entries = (
        LedgerEntry.objects.filter(producer=producer, kind=EntryKind.SALE, created_at__lte=at)
        .exclude(pk__in=cleared)
        .select_related("line__order").order_by("created_at", "pk")
    )
    return [
        PendingEntry(entry, entry.created_at + holding_period(), entry.line.order.payment_status in MONEY_TAKEN)
        for entry in entries
    ]


def pending_total(producer, at: datetime.datetime | None = None) -> int:
    return sum(pending.entry.amount for pending in pending_entries(producer, at))
