"""The producer's home page (``/dashboard/producer/``), made of sections.

Each section is one template under ``producers/dashboard/home/`` and a function
that gives its context for the producer; the page renders ``HOME_SECTIONS`` in
order. A new section (a sales report summary, the money a producer is owed) is
one line here and one template. Every figure is the producer's own: their
products, the certificates of their products, their order lines."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from catalogue.certification import today
from catalogue.expiry import THRESHOLDS
from catalogue.models import Certificate
from marketplace.order.statuses import LineStatus
from marketplace.payouts.summaries import money_summary
from marketplace.producers.dashboard.sections import applications_section, expiry_section
from marketplace.producers.listings import STATE_LABELS, listing_state, listings_of
from marketplace.producers.models import Producer

Line = get_model("order", "Line")

#: Days before expiry at which the producer is warned: the reminder emails' thresholds.
EXPIRY_WARNINGS = THRESHOLDS


@dataclass(frozen=True)
class Section:
    #: Template included by the home page; it gets ``producer`` and the context below.
    template: str
    #: ``context(producer, request) -> dict`` for the template.
    context: Callable[[Producer, object], dict]


def products_context(producer: Producer, request) -> dict:
    products = list(listings_of(producer))
    for product in products:
        product.state = listing_state(product)
        product.state_label = STATE_LABELS[product.state]
    return {"products": products}


def certificates_context(producer: Producer, request) -> dict:
    """The certificates of the producer's products in force or lapsed within the
    last 90 days, soonest expiry first, with the days left."""
    on = today()
    certificates = list(
        Certificate.objects.filter(product__producer=producer, status=Certificate.STATUS_ACTIVE)
        .filter(valid_until__gte=on - datetime.timedelta(days=90))
        .select_related("product", "decision")
        .order_by("valid_until", "pk")
    )
    for certificate in certificates:
        certificate.days_left = (certificate.valid_until - on).days
        certificate.days_ago = -certificate.days_left
        certificate.warning = certificate.days_left <= EXPIRY_WARNINGS[0]
    return {"certificates": certificates}


def open_lines_context(producer: Producer, request) -> dict:
    lines = (
        Line.objects.filter(partner_id=producer.partner_id)
        .exclude(status__in=[LineStatus.DELIVERED, LineStatus.CANCELLED])
        .select_related("order")
        .order_by("order__date_placed", "pk")
    )
    return {"open_lines": lines[:20], "open_line_count": lines.count()}


def month_sales(producer: Producer, on: datetime.date | None = None) -> dict:
    """This month's units and revenue of the producer's own lines (line totals:
    no delivery fee, no other producer's lines, no cancelled lines)."""
    on = on or today()
    start = on.replace(day=1)
    return Line.objects.filter(
        partner_id=producer.partner_id, order__date_placed__date__gte=start,
        order__date_placed__date__lte=on,
    ).exclude(status=LineStatus.CANCELLED).aggregate(
        units=Coalesce(Sum("quantity"), 0),
        revenue=Coalesce(Sum("line_price_incl_tax"), 0, output_field=Line._meta.get_field("line_price_incl_tax")),
        orders=Count("order", distinct=True),
    ) | {"month": start}


def sales_context(producer: Producer, request) -> dict:
    return {"sales": month_sales(producer)}


def money_context(producer: Producer, request) -> dict:
    return {"money": money_summary(producer)}


HOME_SECTIONS: list[Section] = [
    Section("producers/dashboard/home/expiry.html", lambda producer, request: expiry_section(producer)),
    Section("producers/dashboard/home/products.html", products_context),
    Section("producers/dashboard/home/certificates.html", certificates_context),
    Section("producers/dashboard/home/applications.html",
            lambda producer, request: applications_section(producer)),
    Section("producers/dashboard/home/order_lines.html", open_lines_context),
    Section("producers/dashboard/home/sales.html", sales_context),
    Section("producers/dashboard/home/money.html", money_context),
]


def home_sections(producer: Producer, request) -> list[tuple[str, dict]]:
    return [(section.template, {"producer": producer, **section.context(producer, request)})
            for section in HOME_SECTIONS]
