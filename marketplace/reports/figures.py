"""The OCOP programme's figures, as the provinces' OCOP reports lay them out.

Certified products are counted from the catalogue's own query
(``Product.objects.browsable().sellable(on)``, the query the search index and every
product list start from), so the report and the shop cannot disagree. Each product
is counted once, by the star of its current certificate
(``catalogue.models.current_certificate_subquery``). Sales come from order lines
(cancelled lines left out), by the star the product was sold under
(``certification.in_force_q`` on the day of the order).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from oscar.core.loading import get_model

from catalogue import certification
from catalogue.groups import GROUPS, GROUPS_BY_CODE
from catalogue.models import current_certificate_subquery
from marketplace.order.statuses import LineStatus

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
Certificate = get_model("catalogue", "Certificate")
Line = get_model("order", "Line")
Producer = get_model("producers", "Producer")
Province = get_model("regions", "Province")

#: Certificates "expiring soon" expire within this many days.
EXPIRING_DAYS = 90
STAR_ROWS = ("3", "4", "potential_5", "5")


@dataclass
class Filters:
    #: Counts of certified products are "as of" ``date_to``; new and lapsed
    #: certificates and sales are within ``date_from``..``date_to``.
    date_from: datetime.date
    date_to: datetime.date
    province: "Province | None" = None


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    #: (label, values); values align with ``columns[1:]``.
    rows: list[tuple[str, list]] = field(default_factory=list)
    #: Totals under the rows (not drawn in the chart).
    footer: list[tuple[str, list]] = field(default_factory=list)
    #: Index in ``values`` drawn as a bar chart, or None.
    chart_column: int | None = 0
    #: Values that are whole đồng (shown as money).
    money_columns: tuple[int, ...] = ()



def default_filters() -> Filters:
    """The last twelve months, this one included."""
    today = certification.today()
    return Filters(date_from=today.replace(day=1) - relativedelta(months=11), date_to=today)


def certified_products(filters: Filters):
    """The products the catalogue lists on ``date_to``, in the chosen province."""
    products = Product.objects.browsable().sellable(filters.date_to)
    if filters.province is not None:
        products = products.filter(producer__province=filters.province)
    return products


def group_codes(product_ids) -> dict[int, str]:
    """{product id: OCOP group code}, from the product's category or its top-level one."""
    roots = dict(Category.objects.filter(depth=1).exclude(group_code="").values_list("path", "group_code"))
    groups: dict[int, str] = {}
    for product_id, path, code in ProductCategory.objects.filter(product_id__in=product_ids).values_list(
        "product_id", "category__path", "category__group_code"
    ):
        code = code or roots.get(path[: Category.steplen], "")
        if code and product_id not in groups:
            groups[product_id] = code
    return groups


def _star_key(star, potential_5) -> str:
    return "potential_5" if potential_5 else str(star)


def _star_label(key: str) -> str:
    if key == "potential_5":
        return _("4★, potential 5★ (awaiting national review)")
    return f"{key}★"


def _kind_labels() -> dict[str, str]:
    return {code: str(label) for code, label in Producer.KIND_CHOICES}


def _group_label(code: str) -> str:
    group = GROUPS_BY_CODE.get(code)
    return group.name if group else _("No group")


def product_tables(filters: Filters) -> list[Table]:
    """Certified products by star, product group, producer kind and province: one
    query for the products, one for their groups."""
    rows = list(
        certified_products(filters)
        .annotate(
            star=current_certificate_subquery(filters.date_to, "star"),
            potential_5=current_certificate_subquery(filters.date_to, "potential_5"),
        )
        .values_list("pk", "star", "potential_5", "producer__kind", "producer__province__name")
    )
    groups = group_codes([row[0] for row in rows])
    by_star = Counter(_star_key(star, potential) for _pk, star, potential, _kind, _province in rows)
    by_group = Counter(groups.get(pk, "") for pk, *_rest in rows)
    by_kind = Counter(kind or "" for _pk, _star, _potential, kind, _province in rows)
    by_province = Counter(province or _("Unknown") for *_rest, province in rows)
    products = _("Certified products")
    kinds = _kind_labels()
    return [
        Table("by_star", _("Certified products by star"), [_("Star rating"), products],
              [(_star_label(key), [by_star[key]]) for key in STAR_ROWS], footer=[(_("Total"), [len(rows)])]),
        Table("by_group", _("Certified products by product group"), [_("Product group"), products],
              [(group.name, [by_group[group.code]]) for group in GROUPS]
              + ([(_("No group"), [by_group[""]])] if by_group[""] else [])),
        Table("by_kind", _("Certified products by producer kind"), [_("Producer kind"), products],
              [(label, [by_kind[code]]) for code, label in kinds.items()]),
        Table("by_province", _("Certified products by province"), [pgettext("region", "Province"), products],
              sorted(((name, [count]) for name, count in by_province.items()), key=lambda r: (-r[1][0], r[0]))),
    ]


def expiring_table(filters: Filters) -> Table:
    """Current certificates whose product will no longer be certified ``EXPIRING_DAYS``
    days after ``date_to`` unless it is re-evaluated."""
    on = filters.date_to
    horizon = on + datetime.timedelta(days=EXPIRING_DAYS)
    still_certified = Product.objects.sellable(horizon + datetime.timedelta(days=1)).values("pk")
    certificates = (
        Certificate.objects.valid(on)
        .filter(valid_until__lte=horizon, product__in=certified_products(filters).values("pk"))
        .exclude(product__in=still_certified)
        .select_related("decision", "product__producer__province")
        .order_by("valid_until", "product__title")
    )
    table = Table(
        "expiring",
        _("Certificates expiring in the next %(days)d days") % {"days": EXPIRING_DAYS},
        [_("Product"), _("Producer"), pgettext("region", "Province"), _("Star rating"), _("Recognition decision"),
         _("Valid until"), _("Days left"), _("Verification code")],
        chart_column=None,
    )
    for certificate in certificates:
        producer = certificate.product.producer
        table.rows.append((
            certificate.product.get_title(),
            [producer.name if producer else "", producer.province.name if producer else "",
             f"{certificate.star}★", certificate.decision.number, certificate.valid_until.strftime("%d/%m/%Y"),
             (certificate.valid_until - on).days, certificate.code],
        ))
    return table


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def monthly_table(filters: Filters) -> Table:
    """New certificates (decision signed), and lapsed ones (expired, revoked) per month."""
    certificates = Certificate.objects.all()
    if filters.province is not None:
        certificates = certificates.filter(product__producer__province=filters.province)
    start, end = filters.date_from, filters.date_to
    today = certification.today()

    def per_month(queryset, date_field: str) -> Counter:
        return Counter(
            day.replace(day=1)
            for day in queryset.filter(**{f"{date_field}__range": (start, end)}).values_list(date_field, flat=True)
        )

    new = per_month(certificates, "decision__signed_on")
    # Expired: the last valid day has passed and nothing replaced or withdrew it first.
    expired = per_month(
        certificates.filter(status=Certificate.STATUS_ACTIVE, valid_until__lt=today), "valid_until"
    )
    revoked = per_month(certificates.filter(status=Certificate.STATUS_REVOKED), "revoked_on")
    table = Table(
        "monthly", _("New and lapsed certificates per month"),
        [_("Month"), _("New"), _("Expired"), _("Revoked")],
    )
    for month in _months(start, end):
        table.rows.append((month.strftime("%m/%Y"), [new[month], expired[month], revoked[month]]))
    return table


def sold_lines(filters: Filters):
    """Order lines placed within the dates (shop time zone), cancelled ones left out,
    with the star each product was sold under."""
    lines = (
        Line.objects.exclude(status=LineStatus.CANCELLED)
        .annotate(day=TruncDate("order__date_placed", tzinfo=timezone.get_current_timezone()))
        .filter(day__range=(filters.date_from, filters.date_to))
    )
    if filters.province is not None:
        lines = lines.filter(product__producer__province=filters.province)
    sold_under = Certificate.objects.filter(certification.in_force_q(on=OuterRef("day")), product=OuterRef("product_id"))
    return lines.annotate(
        star=Subquery(sold_under.order_by("-star", "-valid_until").values("star")[:1]),
        potential_5=Subquery(sold_under.order_by("-star", "-valid_until").values("potential_5")[:1]),
    )


def sales_tables(filters: Filters) -> list[Table]:
    """Orders, units and revenue by star, product group, producer kind and province."""
    rows = list(
        sold_lines(filters).values_list(
            "order_id", "product_id", "quantity", "line_price_incl_tax", "star", "potential_5",
            "product__producer__kind", "product__producer__province__name",
        )
    )
    groups = group_codes({row[1] for row in rows if row[1]})
    dimensions = {
        "star": lambda r: _star_key(r[4], r[5]) if r[4] else "",
        "group": lambda r: groups.get(r[1], ""),
        "kind": lambda r: r[6] or "",
        "province": lambda r: r[7] or "",
    }
    totals = {name: defaultdict(lambda: [set(), 0, 0]) for name in dimensions}
    for row in rows:
        for name, key_of in dimensions.items():
            bucket = totals[name][key_of(row)]
            bucket[0].add(row[0])
            bucket[1] += row[2]
            bucket[2] += int(row[3] or 0)

    def table(key: str, title: str, label: str, rows: list[tuple[str, str]], always: set) -> Table:
        """``rows``: (dimension key, label); rows without sales are shown only when
        in ``always`` (the fixed lists of stars, groups and kinds)."""
        result = Table(f"sales_by_{key}", title, [label, _("Orders"), _("Units"), _("Revenue (₫)")], chart_column=2,
                       money_columns=(2,))
        sums = totals[key]
        for dimension_key, dimension_label in rows:
            orders, units, revenue = sums[dimension_key]
            if units or dimension_key in always:
                result.rows.append((dimension_label, [len(orders), units, revenue]))
        return result

    kinds = _kind_labels()
    provinces = sorted(totals["province"], key=lambda name: (-totals["province"][name][2], name))
    return [
        table("star", _("Sales by star"), _("Star rating"),
              [(key, _star_label(key)) for key in STAR_ROWS] + [("", _("Not certified"))], set(STAR_ROWS)),
        table("group", _("Sales by product group"), _("Product group"),
              [(g.code, g.name) for g in GROUPS] + [("", _("No group"))], {g.code for g in GROUPS}),
        table("kind", _("Sales by producer kind"), _("Producer kind"),
              [*kinds.items(), ("", _("Unknown"))], set(kinds)),
        table("province", _("Sales by province"), pgettext("region", "Province"),
              [(name, name or _("Unknown")) for name in provinces], set()),
    ]


def programme_figures(filters: Filters) -> list[Table]:
    return [*product_tables(filters), expiring_table(filters), monthly_table(filters), *sales_tables(filters)]

