"""The operators' payouts report: by month of the order and by payment method,
what the shop collected, what it owes the producers for delivered lines, and the
commission it earned — each figure a sum over the orders and lines themselves, so
that it reconciles to them.

* collected: the money actually received on the orders whose money the shop
  holds (paid or partially refunded): their ``Paid`` payment events (the card or
  VNPay payment at placement, the transfer or cash recorded by ``mark_paid``,
  which is the amount due: lines cancelled before payment were never paid for),
  plus what a transfer paid beyond the amount due (recorded as owed back);
  refunded: the refunds recorded on them (given back or due, that excess too);
* owed to producers: the sum of the sale and reversal entries of those months'
  lines (what the ledger credited for delivered lines, net of refunds);
* commission earned: the commission of the delivered lines not reversed.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from oscar.core.loading import get_model

from marketplace.order.statuses import MONEY_TAKEN, OVERPAID_REFERENCE_PREFIX, PaymentEventName
from marketplace.payouts.models import EntryKind, LedgerEntry, LineCommission

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")


@dataclass
class ReportRow:
    month: datetime.date
    method: str
    orders: int = 0
    collected: int = 0
    refunded: int = 0
    owed: int = 0
    commission: int = 0

    @property
    def net_collected(self) -> int:
        return self.collected - self.refunded

    def add(self, other: "ReportRow") -> None:
        for name in ("orders", "collected", "refunded", "owed", "commission"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class PayoutReport:
    rows: list[ReportRow] = field(default_factory=list)

    @property
    def totals(self) -> ReportRow:
        total = ReportRow(month=None, method="")
        for row in self.rows:
            total.add(row)
        return total

    def by_month(self) -> list[ReportRow]:
        months: dict = {}
        for row in self.rows:
            months.setdefault(row.month, ReportRow(month=row.month, method="")).add(row)
        return sorted(months.values(), key=lambda row: row.month)

    def by_method(self) -> list[ReportRow]:
        methods: dict = {}
        for row in self.rows:
            methods.setdefault(row.method, ReportRow(month=None, method=row.method)).add(row)
        return sorted(methods.values(), key=lambda row: row.method)


def payouts_report(start: datetime.date, end: datetime.date) -> PayoutReport:
    """Orders placed from ``start`` to ``end`` (inclusive, Vietnam dates)."""
    orders = Order._default_manager.filter(date_placed__date__gte=start, date_placed__date__lte=end)
    rows: dict[tuple, ReportRow] = {}

    def row(month, method) -> ReportRow:
        key = (month.date() if isinstance(month, datetime.datetime) else month, method or "")
        return rows.setdefault(key, ReportRow(month=key[0], method=key[1]))

    def grouped(queryset, prefix=""):
        return queryset.annotate(month=TruncMonth(f"{prefix}date_placed")).values(
            "month", f"{prefix}payment_method").order_by()

    for item in grouped(orders).annotate(count=Count("pk")):
        row(item["month"], item["payment_method"]).orders += item["count"]
    taken = orders.filter(payment_status__in=MONEY_TAKEN)
    # What came in, from the payment records, not the order's placed total: an
    # order that lost lines before payment was paid less than it was placed for.
    received = PaymentEvent._default_manager.filter(order__in=taken).filter(
        Q(event_type__name=PaymentEventName.PAID)
        | Q(event_type__name=PaymentEventName.REFUND_DUE, reference__startswith=OVERPAID_REFERENCE_PREFIX))
    for item in grouped(received, "order__").annotate(total=Sum("amount")):
        row(item["month"], item["order__payment_method"]).collected += int(item["total"] or 0)
    # Refunds in a query of their own: joining the events would repeat the order totals.
    refunds = PaymentEvent._default_manager.filter(
        order__in=taken, event_type__name__in=[PaymentEventName.REFUNDED, PaymentEventName.REFUND_DUE])
    for item in grouped(refunds, "order__").annotate(total=Sum("amount")):
        row(item["month"], item["order__payment_method"]).refunded += int(item["total"] or 0)
    lines = LedgerEntry.objects.filter(kind__in=[EntryKind.SALE, EntryKind.REVERSAL], line__order__in=orders)
    for item in grouped(lines, "line__order__").annotate(total=Sum("amount")):
        row(item["month"], item["line__order__payment_method"]).owed += int(item["total"] or 0)
    sold = LedgerEntry.objects.filter(line=OuterRef("line"), kind=EntryKind.SALE)
    reversed_ = LedgerEntry.objects.filter(line=OuterRef("line"), kind=EntryKind.REVERSAL)
    earned = LineCommission.objects.filter(line__order__in=orders).filter(Exists(sold)).exclude(Exists(reversed_))
    for item in grouped(earned, "line__order__").annotate(total=Sum("amount")):
        row(item["month"], item["line__order__payment_method"]).commission += int(item["total"] or 0)
    return PayoutReport(sorted(rows.values(), key=lambda value: (value.month, value.method)))
