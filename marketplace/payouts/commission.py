"""The shop's commission on an order line, fixed when the order is placed.

Rounding: the commission is ``line total × percent / 100`` rounded to whole đồng
with ROUND_HALF_UP (0.5 đồng and above rounds up), the way Vietnamese invoices
round; it is computed once per line and stored (``LineCommission``), so sums of
commissions always equal what producers were charged.

Which rate: among the rates valid at the moment the order was placed, the most
specific wins — the producer's own rate for the product's group, then the
producer's rate for every group, then the group's rate, then the rate for every
group; with none, ``PAYOUT_DEFAULT_COMMISSION_PERCENT``.

Delivery fees belong to the shop. Each line carries its share of the order's
delivery fee (the fee split in proportion to the line totals, whole đồng, the
remainder to the first lines), which is credited to the producer only when it
delivered the line itself (``ledger.credit_delivered_lines``).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q
from oscar.core.loading import get_model

from marketplace.payouts.models import CommissionRate, LineCommission

Line = get_model("order", "Line")


def whole_dong(amount) -> int:
    """``amount`` (Decimal, int or str) rounded half up to whole đồng."""
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def commission_amount(line_total: int, percent: Decimal) -> int:
    """The commission on ``line_total`` đồng at ``percent``, whole đồng, half up."""
    return whole_dong(Decimal(line_total) * Decimal(percent) / Decimal(100))


def rates_valid_at(at: datetime.datetime, producers=None) -> list[CommissionRate]:
    """Every rate valid at ``at`` that could apply to ``producers`` (their own and
    the shop-wide ones), in one query."""
    valid = CommissionRate.objects.filter(valid_from__lte=at).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=at))
    producer_ids = {producer.pk for producer in producers or () if producer is not None}
    return list(valid.filter(Q(producer__isnull=True) | Q(producer_id__in=producer_ids)))


def most_specific(rates: list[CommissionRate], producer, group_code: str) -> CommissionRate | None:
    """Among ``rates`` (all valid at one moment), the one that applies to
    ``producer``'s products of ``group_code``: the producer's own before the
    shop-wide, a group's before every group's, the newest among equals."""
    producer_id = producer.pk if producer is not None else None
    candidates = [
        rate for rate in rates
        if rate.producer_id in (None, producer_id) and rate.group_code in ("", group_code)
    ]

    def specificity(rate: CommissionRate) -> tuple:
        return (rate.producer_id is not None, rate.group_code != "", rate.valid_from)

    return max(candidates, key=specificity, default=None)


def rate_in_force(producer, group_code: str, at: datetime.datetime) -> CommissionRate | None:
    """The most specific rate valid at ``at`` for ``producer``'s products of
    ``group_code`` (None: the default percent applies)."""
    return most_specific(rates_valid_at(at, [producer]), producer, group_code)


def _percent(rate: CommissionRate | None) -> Decimal:
    if rate is None:
        return Decimal(str(settings.PAYOUT_DEFAULT_COMMISSION_PERCENT))
    return rate.percent


def fee_shares(fee: int, totals: list[int]) -> list[int]:
    """``fee`` split in proportion to ``totals``, whole đồng, summing to ``fee``:
    each share rounded down, the đồng left over given one each to the first."""
    whole = sum(totals)
    if fee <= 0 or whole <= 0:
        return [0] * len(totals)
    shares = [fee * total // whole for total in totals]
    for index in range(fee - sum(shares)):
        shares[index % len(shares)] += 1
    return shares


def _producer_of(line):
    """The producer who sells ``line`` from its own stock (None for a sales
    point's line): read from the product, which placement has loaded already."""
    product = line.product
    producer = getattr(product, "producer", None) if product is not None else None
    if producer is not None and producer.partner_id == line.partner_id:
        return producer
    return None


def _group_code(line) -> str:
    product = line.product
    group = product.group if product is not None else None
    return group.code if group is not None else ""


def record_commissions(order, lines=None) -> list[LineCommission]:
    """Store the commission in force now (the order's placement) on each of its
    lines that has none yet, with each line's delivery fee share. Called by the
    order creator inside the placing transaction with the lines it has just
    written (``lines``, nothing to read back); safe to call again."""
    if lines is None:
        lines = list(
            Line._default_manager.filter(order=order)
            .select_related("product__producer")
            .prefetch_related("product__categories")
            .order_by("pk")
        )
        done = set(LineCommission.objects.filter(line__order=order).values_list("line_id", flat=True))
    else:
        done = set()
    totals = [whole_dong(line.line_price_incl_tax) for line in lines]
    shares = fee_shares(whole_dong(order.shipping_incl_tax or 0), totals)
    # One query for the rates of every producer in the order, whatever its size.
    rates = rates_valid_at(order.date_placed, [_producer_of(line) for line in lines])
    created = []
    for line, total, share in zip(lines, totals, shares, strict=True):
        if line.pk in done:
            continue
        rate = most_specific(rates, _producer_of(line), _group_code(line))
        percent = _percent(rate)
        created.append(LineCommission(
            line=line, rate=rate, percent=percent, line_total=total,
            amount=commission_amount(total, percent), delivery_fee_share=share,
        ))
    LineCommission.objects.bulk_create(created, ignore_conflicts=True)
    return created


def commission_of(line) -> LineCommission:
    """The line's stored commission, recorded now (at the order's placement
    rate) for orders placed before commissions were stored or by another path."""
    try:
        return LineCommission.objects.get(line=line)
    except LineCommission.DoesNotExist:
        record_commissions(line.order)
        return LineCommission.objects.get(line=line)
