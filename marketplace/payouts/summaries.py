"""What a producer's money pages show: the figures and a statement's lines,
read from the ledger (``clearing`` says what is available and pending)."""

import datetime
from dataclasses import dataclass

from django.db.models import Sum
from django.utils import timezone

from marketplace.payouts.clearing import available_balance, pending_entries
from marketplace.payouts.models import EntryKind, LedgerEntry, PayoutStatement, StatementStatus


@dataclass(frozen=True)
class MoneySummary:
    #: What the next statement may pay (whole đồng; negative: the producer owes the shop).
    available: int
    #: Delivered lines not cleared yet, each with the moment it clears.
    pending: list
    pending_total: int
    #: Statements the operator confirmed as transferred.
    paid_to_date: int
    #: Approved, the bank transfer not confirmed yet.
    on_its_way: int


def money_summary(producer, at: datetime.datetime | None = None) -> MoneySummary:
    at = at or timezone.now()
    pending = pending_entries(producer, at)
    totals = dict(
        PayoutStatement.objects.filter(producer=producer, status__in=[StatementStatus.PAID,
                                                                      StatementStatus.APPROVED])
        .values_list("status").annotate(total=Sum("total")).order_by()
    )
    return MoneySummary(
        available=available_balance(producer, at), pending=pending,
        pending_total=sum(item.entry.amount for item in pending),
        paid_to_date=totals.get(StatementStatus.PAID, 0) or 0,
        on_its_way=totals.get(StatementStatus.APPROVED, 0) or 0,
    )


@dataclass(frozen=True)
class StatementLine:
    entry: LedgerEntry
    order_number: str
    product: str
    #: The line total, commission and what the producer gets; for adjustments and
    #: reversals only ``net`` (the entry's amount) and the reason.
    line_total: int | None
    commission: int | None
    net: int
    description: str


def statement_lines(statement: PayoutStatement) -> list[StatementLine]:
    """The entries a statement settles, oldest first, as its page and PDF list them."""
    entries = (LedgerEntry.objects.filter(settlement__statement=statement)
               .select_related("line__order", "line__commission").order_by("created_at", "pk"))
    rows = []
    for entry in entries:
        line = entry.line
        commission = getattr(line, "commission", None) if line is not None else None
        if entry.kind == EntryKind.SALE and commission is not None:
            rows.append(StatementLine(entry, line.order.number, line.title, commission.line_total,
                                      commission.amount, entry.amount, entry.get_kind_display()))
        else:
            rows.append(StatementLine(
                entry, line.order.number if line else "", line.title if line else "", None, None, entry.amount,
                entry.reason or entry.get_kind_display()))
    return rows
