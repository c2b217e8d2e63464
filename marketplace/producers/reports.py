"""Sales figures for one producer (their own order lines) or the whole shop.

Revenue is the sum of line totals: delivery fees (charged on the order, not on a
line) and other producers' lines never count, and cancelled lines are left out.
Each figure comes from one aggregate query, so a report costs the same whatever
the number of products or months."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, QuerySet, Sum
from django.db.models.functions import TruncMonth
from oscar.core.loading import get_model

from marketplace.order.statuses import LineStatus

Line = get_model("order", "Line")


@dataclass
class Row:
    label: str
    units: int
    revenue: Decimal
    #: The product (by-product rows), for links.
    product_id: int | None = None
    #: First day of the month (by-month rows).
    month: datetime.date | None = None


@dataclass
class SalesReport:
    start: datetime.date
    end: datetime.date
    by_month: list[Row] = field(default_factory=list)
    by_product: list[Row] = field(default_factory=list)

    @property
    def units(self) -> int:
        return sum(row.units for row in self.by_month)

    @property
    def revenue(self) -> Decimal:
        return sum((row.revenue for row in self.by_month), Decimal(0))

    @property
    def max_month_revenue(self) -> Decimal:
        return max((row.revenue for row in self.by_month), default=Decimal(0))


def sold_lines(producer, start: datetime.date, end: datetime.date) -> QuerySet:
    """Order lines placed from ``start`` to ``end`` (days in the shop's time zone,
    inclusive), not cancelled, of ``producer`` (None: every producer)."""
    lines = Line.objects.filter(
        order__date_placed__date__gte=start, order__date_placed__date__lte=end
    ).exclude(status=LineStatus.CANCELLED)
    if producer is not None:
        lines = lines.filter(partner_id=producer.partner_id)
    return lines


def sales_report(producer, start: datetime.date, end: datetime.date) -> SalesReport:
    """Units and revenue by month (every month of the range, zero when nothing
    sold) and by product (best-selling first). Two queries."""
    lines = sold_lines(producer, start, end)
    sold = {
        row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]: row
        for row in lines.annotate(month=TruncMonth("order__date_placed"))
        .values("month")
        .annotate(units=Sum("quantity"), revenue=Sum("line_price_incl_tax"))
        .order_by("month")
    }
    report = SalesReport(start=start, end=end)
    month = start.replace(day=1)
    while month <= end:
        row = sold.get(month, {})
        report.by_month.append(
            Row(label=f"{month:%m/%Y}", month=month, units=row.get("units") or 0,
                revenue=row.get("revenue") or Decimal(0))
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    report.by_product = [
        Row(label=row["title"], product_id=row["product_id"], units=row["units"], revenue=row["revenue"])
        for row in lines.values("product_id")
        .annotate(title=Max("title"), units=Sum("quantity"), revenue=Sum("line_price_incl_tax"))
        .order_by("-revenue", "title")
    ]
    return report
