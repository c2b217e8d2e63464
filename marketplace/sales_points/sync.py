"""Keeping a sales point's stock in step: stock counts and counter sales, checked
item by item and applied through ``marketplace.partner.stock``.

Plain functions over plain data (lists of dicts as a till or a CSV row gives
them), so the token API and the dashboard's file upload share every rule. Errors
are collected for the whole batch, each naming its item index and field; nothing
is applied unless the batch is clean."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.partner.stock import (
    CountResult,
    StockCount,
    StockOrigin,
    StockSale,
    apply_stock_counts,
    record_sales,
)
from marketplace.sales_points.models import CounterSale, SaleOutcome, SalesPoint

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

#: How far in the future a till's clock may be.
CLOCK_SKEW = datetime.timedelta(minutes=5)
MAX_QUANTITY = 1_000_000
MAX_PRICE = 10**10


@dataclass(frozen=True)
class ItemError:
    """What is wrong with one item of a batch (``index`` counts from 0)."""

    index: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"index": self.index, "field": self.field, "message": self.message}


class BatchInvalid(Exception):
    def __init__(self, errors: list[ItemError]):
        self.errors = errors
        super().__init__(f"{len(errors)} errors")


def _whole_number(value, *, minimum: int, maximum: int) -> int | None:
    """An integer from JSON (``5``, ``5.0``) or a file (``"5"``), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and minimum <= value <= maximum:
        return value
    return None


def parse_moment(value: str) -> datetime.datetime | None:
    """An ISO 8601 date and time with its UTC offset, in UTC, or None.

    In UTC because PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 (and
    Python) allow; a moment UTC cannot hold (year 1 with a positive offset) is None."""
    try:
        moment = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        return None


def _timestamp(value, now: datetime.datetime) -> tuple[datetime.datetime | None, str]:
    if value in (None, ""):
        return None, _("This field is required.")
    moment = parse_moment(value) if isinstance(value, str) else None
    if moment is None:
        return None, _("Give an ISO 8601 date and time with its UTC offset, e.g. 2026-03-01T08:30:00+07:00.")
    if moment > now + CLOCK_SKEW:
        return None, _("This time is in the future.")
    return moment, ""


def _products_by_sku(skus) -> dict[str, tuple[int, bool]]:
    """sku → (product id, sellable now), one query."""
    sellable = Product._default_manager.sellable().filter(pk=OuterRef("pk"))
    rows = (
        Product._default_manager.filter(upc__in=set(skus))
        .annotate(is_sellable_now=Exists(sellable))
        .values_list("upc", "pk", "is_sellable_now")
    )
    return {upc: (pk, is_sellable) for upc, pk, is_sellable in rows}


#: The longest SKU or event id (the API's schema says the same).
MAX_IDENTIFIER = 128


def _identifier(value, index: int, errors: list, field: str) -> str | None:
    """A SKU or event id: text of 1 to 128 printable characters (PostgreSQL text
    cannot hold a NUL), surrounding spaces dropped."""
    if not isinstance(value, str) or not value.strip():
        errors.append(ItemError(index, field, _("This field is required.")))
        return None
    value = value.strip()
    if len(value) > MAX_IDENTIFIER or not value.isprintable():
        errors.append(ItemError(index, field, _("Use at most %(max)s printable characters.") % {"max": MAX_IDENTIFIER}))
        return None
    return value


def _sku(value, index: int, seen: set, errors: list, field: str = "sku") -> str | None:
    """An identifier that must be unique in its batch."""
    value = _identifier(value, index, errors, field)
    if value is None:
        return None
    if value in seen:
        errors.append(ItemError(index, field, _("This SKU appears more than once in the batch.")))
        return None
    seen.add(value)
    return value


def check_stock_counts(items: list[dict]) -> list[StockCount]:
    """Stock counts from raw items (``sku``, ``quantity``, ``counted_at``, optional
    ``price_vnd``), or ``BatchInvalid`` with every error found."""
    now = timezone.now()
    errors: list[ItemError] = []
    seen: set[str] = set()
    parsed = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            errors.append(ItemError(index, "item", _("Each item must be an object.")))
            continue
        sku = _sku(item.get("sku"), index, seen, errors)
        quantity = _whole_number(item.get("quantity"), minimum=0, maximum=MAX_QUANTITY)
        if quantity is None:
            errors.append(ItemError(index, "quantity", _("Give a whole number of units from 0 to %(max)s.")
                                    % {"max": MAX_QUANTITY}))
        counted_at, problem = _timestamp(item.get("counted_at"), now)
        if problem:
            errors.append(ItemError(index, "counted_at", problem))
        price = None
        if item.get("price_vnd") is not None:
            price = _whole_number(item["price_vnd"], minimum=1, maximum=MAX_PRICE)
            if price is None:
                errors.append(ItemError(index, "price_vnd", _("Give the price in whole đồng, e.g. 120000.")))
        parsed.append((index, sku, quantity, counted_at, price))
    products = _products_by_sku(sku for _i, sku, *_rest in parsed if sku)
    counts = []
    for index, sku, quantity, counted_at, price in parsed:
        if sku is None:
            continue
        if sku not in products:
            errors.append(ItemError(index, "sku", _("No product has this SKU.")))
            continue
        product_id, sellable = products[sku]
        if not sellable:
            errors.append(ItemError(index, "sku", _("This product has no valid OCOP certificate: "
                                                    "sales points cannot stock it.")))
            continue
        if quantity is not None and counted_at is not None:
            counts.append(StockCount(product_id, sku, quantity, counted_at, price))
    if errors:
        raise BatchInvalid(sorted(errors, key=lambda error: error.index))
    return counts


def count_stock(sales_point: SalesPoint, items: list[dict], origin: StockOrigin) -> list[CountResult]:
    """Check a stock take and apply it to the point's stock (all or nothing);
    ``BatchInvalid`` when any item is wrong. For the API's PUT and the file upload."""
    return apply_stock_counts(sales_point.partner_id, check_stock_counts(items), origin)


@dataclass(frozen=True)
class CheckedSale:
    event_id: str
    sku: str
    stockrecord_id: int
    quantity: int
    sold_at: datetime.datetime


def check_counter_sales(sales_point: SalesPoint, events: list[dict]) -> list[CheckedSale]:
    """Counter sales from raw events (``event_id``, ``sku``, ``quantity``,
    ``sold_at``), or ``BatchInvalid``. A sale must be of a product the point stocks
    (certified or not any more: the goods left either way)."""
    now = timezone.now()
    errors: list[ItemError] = []
    seen: set[str] = set()
    parsed = []
    for index, event in enumerate(events):
        if not isinstance(event, dict):
            errors.append(ItemError(index, "event", _("Each event must be an object.")))
            continue
        event_id = _sku(event.get("event_id"), index, seen, errors, field="event_id")
        sku = _identifier(event.get("sku"), index, errors, "sku")
        quantity = _whole_number(event.get("quantity"), minimum=1, maximum=MAX_QUANTITY)
        if quantity is None:
            errors.append(ItemError(index, "quantity", _("Give a whole number of units from 1 to %(max)s.")
                                    % {"max": MAX_QUANTITY}))
        sold_at, problem = _timestamp(event.get("sold_at"), now)
        if problem:
            errors.append(ItemError(index, "sold_at", problem))
        parsed.append((index, event_id, sku, quantity, sold_at))
    records = dict(
        StockRecord._default_manager.filter(
            partner_id=sales_point.partner_id, partner_sku__in={sku for _i, _e, sku, *_r in parsed if sku}
        ).values_list("partner_sku", "pk")
    )
    sales = []
    for index, event_id, sku, quantity, sold_at in parsed:
        if sku and sku not in records:
            errors.append(ItemError(index, "sku", _("This sales point does not stock this SKU.")))
        elif event_id and sku and quantity and sold_at:
            sales.append(CheckedSale(event_id, sku, records[sku], quantity, sold_at))
    if errors:
        raise BatchInvalid(sorted(errors, key=lambda error: error.index))
    return sales


def record_counter_sales(sales_point: SalesPoint, events: list[dict], origin: StockOrigin,
                         token=None) -> list[CounterSale]:
    """Check and record counter sales; one ``CounterSale`` per event in the order
    given. Idempotent by event id: an event recorded before is answered from its
    stored outcome and moves no stock. ``BatchInvalid`` when any event is wrong."""
    sales = check_counter_sales(sales_point, events)
    for attempt in range(2):
        try:
            return _record(sales_point, sales, origin, token)
        except IntegrityError:
            # A concurrent request recorded one of these events first: the retry
            # answers it as a replay.
            if attempt:
                raise
    raise AssertionError("unreachable")


def _record(sales_point, sales: list[CheckedSale], origin: StockOrigin, token) -> list[CounterSale]:
    with transaction.atomic():
        known = {
            sale.event_id: sale
            for sale in CounterSale.objects.select_related("stockrecord").filter(
                sales_point=sales_point, event_id__in=[sale.event_id for sale in sales]
            )
        }
        for sale in known.values():
            sale.sku = sale.stockrecord.partner_sku
        new = [sale for sale in sales if sale.event_id not in known]
        results = record_sales(
            [StockSale(sale.stockrecord_id, sale.quantity, sale.event_id) for sale in new], origin
        )
        created = CounterSale.objects.bulk_create([
            CounterSale(
                sales_point=sales_point, event_id=sale.event_id, stockrecord_id=sale.stockrecord_id,
                quantity=sale.quantity, sold_at=sale.sold_at, token=token,
                outcome=SaleOutcome.OVERSOLD if result.oversold else SaleOutcome.RECORDED,
                quantity_before=result.before, quantity_after=result.after,
            )
            for sale, result in zip(new, results, strict=True)
        ])
        for sale, checked in zip(created, new, strict=True):
            sale.sku = checked.sku
            known[sale.event_id] = sale
    return [known[sale.event_id] for sale in sales]
