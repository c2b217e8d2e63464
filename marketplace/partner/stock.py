"""Stock: every change to a stock record's counts goes through this module.

Oscar's two-stage model: ``num_in_stock`` units are on the shelf and
``num_allocated`` of them are promised to placed orders not yet shipped; free
stock is the difference. Placing an order *allocates*, cancelling a line
*releases* its allocation, shipping it *consumes* the allocation (the units leave
the shelf).

Each change is one conditional ``UPDATE`` per stock record, never a read followed
by a write. Allocation only succeeds ``WHERE num_in_stock - num_allocated >= qty``
(Oscar's ``StockRecord.allocate()`` adds without checking, so two buyers could
both get the last unit): PostgreSQL re-evaluates the condition after waiting for a
concurrent writer's row lock, so exactly the buyers the stock covers succeed.
Records are changed in stock-record id order, so concurrent orders holding several
records lock them in the same order and never deadlock. The functions run in the
caller's transaction and take no savepoint of their own: a failure rolls that
transaction back, changes made before it included (outside any transaction, a
call is its own).

The ``UPDATE … RETURNING`` (PostgreSQL, SQLite ≥ 3.35) reports the new counts in
the same statement, and these queryset-level updates send no ``post_save``
signal, so Oscar's low-stock alerts (``StockAlert``, opened and closed by a
receiver when a record is *saved*) are kept here explicitly:
``update_stock_alerts``. Dashboard edits still save the record and Oscar's own
receiver handles them.

Every change writes one ``StockLedgerEntry`` per record it changed, with its
source (``StockOrigin``: online order, cancellation, counter sale, stock count,
dashboard), who made it and its reference, in the same transaction and under the
record's row lock, so a record's ledger replays to its counts.

Besides the order moves, two changes come from sales points (their stock records
are ordinary ones of their partner):

- ``apply_stock_counts``: absolute counts from a stock take (the API's PUT, a CSV
  file). The records are locked with ``SELECT … FOR UPDATE`` in id order, the
  batch applied with one ``UPDATE`` (``_bulk_set``): the same lock order as allocations, so
  counts, sales and orders serialise on a record without deadlocks. A count never
  goes below what orders have allocated, and a count older than the last applied
  one is stale.
- ``record_sales``: counter sales, decrementing the shelf; a sale larger than the
  free stock is recorded anyway (the goods left) and flagged.

Both take constant numbers of queries whatever the batch size.
"""

import datetime
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections, router, transaction
from django.utils import timezone
from oscar.core.loading import get_class, get_model

StockRecord = get_model("partner", "StockRecord")
StockAlert = get_model("partner", "StockAlert")
StockLedgerEntry = get_model("partner", "StockLedgerEntry")
InvalidStockAdjustment = get_class("partner.exceptions", "InvalidStockAdjustment")


@dataclass(frozen=True)
class StockOrigin:
    """Where a stock change comes from, for its ledger entries."""

    #: A ``LedgerSource`` value.
    source: str
    #: Who: the API token's name or the user's name.
    actor: str = ""
    user_id: int | None = None
    #: The order number (order moves) or counter-sale event id.
    reference: str = ""

    @classmethod
    def for_user(cls, source: str, user, reference: str = "") -> "StockOrigin":
        if user is None or not user.is_authenticated:
            return cls(source, reference=reference)
        name = user.get_full_name() or user.get_username()
        return cls(source, actor=name[:255], user_id=user.pk, reference=reference)


@dataclass(frozen=True, order=True)
class StockMove:
    """``quantity`` units of one stock record (ordered by record id: the lock order)."""

    stockrecord_id: int
    quantity: int


@dataclass(frozen=True)
class StockLevel:
    """A stock record's counts right after a change."""

    stockrecord_id: int
    product_id: int
    num_in_stock: int | None
    num_allocated: int | None
    low_stock_threshold: int | None

    @property
    def free(self) -> int:
        return (self.num_in_stock or 0) - (self.num_allocated or 0)

    @property
    def is_below_threshold(self) -> bool:
        # Oscar's rule (AbstractStockRecord.is_below_threshold).
        return self.low_stock_threshold is not None and self.free < self.low_stock_threshold


class InsufficientStock(InvalidStockAdjustment):
    """The free stock of a record does not cover the quantity asked for."""

    def __init__(self, stockrecord_id: int, available: int):
        self.stockrecord_id = stockrecord_id
        self.available = max(int(available), 0)
        super().__init__(f"stock record {stockrecord_id}: only {self.available} free")


class StockChange(enum.Enum):
    """The kinds of change to a stock record's counts."""

    #: A placed order takes free units.
    ALLOCATE = "allocate"
    #: A cancelled order line gives its units back.
    RELEASE = "release"
    #: A shipped order line's units leave the shelf.
    CONSUME = "consume"


#: Per kind: the new counts, and the condition the row must meet (SQL on one row;
#: %(qty)s is the move's quantity).
_SQL: dict[StockChange, tuple[str, str]] = {
    StockChange.ALLOCATE: (
        "num_allocated = COALESCE(num_allocated, 0) + %(qty)s",
        "num_in_stock - COALESCE(num_allocated, 0) >= %(qty)s",
    ),
    StockChange.RELEASE: (
        # Never below zero allocated (Oscar's cancel_allocation).
        "num_allocated = CASE WHEN COALESCE(num_allocated, 0) > %(qty)s"
        " THEN COALESCE(num_allocated, 0) - %(qty)s ELSE 0 END",
        "TRUE",
    ),
    StockChange.CONSUME: (
        "num_allocated = COALESCE(num_allocated, 0) - %(qty)s, num_in_stock = num_in_stock - %(qty)s",
        "COALESCE(num_allocated, 0) >= %(qty)s AND num_in_stock >= %(qty)s",
    ),
}


def tracks_stock(line) -> bool:
    """Whether a basket or order line moves stock: its product's class counts
    stock (tourism services don't) and the line has a stock record."""
    return bool(line.stockrecord_id and line.product and line.product.get_product_class().track_stock)


def allocate_stock(moves: Iterable[StockMove], origin: StockOrigin) -> list[StockLevel]:
    """Promise these quantities to an order, all or none.

    Raises ``InsufficientStock`` naming the first record (in id order) whose free
    stock does not cover its quantity, with how many units it still has free; the
    caller's transaction then rolls back what was allocated before it."""
    return _change(StockChange.ALLOCATE, moves, origin)


def release_stock(moves: Iterable[StockMove], origin: StockOrigin) -> list[StockLevel]:
    """Give allocated units back to free stock (a cancelled order line)."""
    return _change(StockChange.RELEASE, moves, origin)


def consume_stock(moves: Iterable[StockMove], origin: StockOrigin) -> list[StockLevel]:
    """Take allocated units off the shelf (a shipped order line). Raises
    ``InsufficientStock`` when a record holds fewer allocated or shelved units."""
    return _change(StockChange.CONSUME, moves, origin)


def free_stock(stockrecord_id: int) -> int:
    """Units of a stock record that are on the shelf and not promised to an order."""
    record = StockRecord._default_manager.filter(pk=stockrecord_id).values(
        "num_in_stock", "num_allocated"
    ).first()
    if not record:
        return 0
    return (record["num_in_stock"] or 0) - (record["num_allocated"] or 0)


def stock_levels(stockrecord_ids: Iterable[int]) -> list[StockLevel]:
    """The current counts of these stock records (for changes made elsewhere, e.g. the import)."""
    rows = StockRecord._default_manager.filter(pk__in=set(stockrecord_ids)).order_by("pk").values_list(
        "pk", "product_id", "num_in_stock", "num_allocated", "low_stock_threshold"
    )
    return [StockLevel(*row) for row in rows]


def update_stock_alerts(levels: Iterable[StockLevel]) -> None:
    """Open a low-stock alert for each record that went below its threshold and has
    none open; close the open alert of each record back at or above it.

    Oscar's receiver (``oscar.apps.partner.receivers``), by level instead of one
    saved record at a time: one query when any record has a threshold, none
    otherwise. Callers hold the records' row locks (they just changed them), so two
    transactions never open two alerts for one record."""
    watched = {level.stockrecord_id: level for level in levels if level.low_stock_threshold is not None}
    if not watched:
        return
    open_alerts = dict(
        StockAlert._default_manager.filter(stockrecord_id__in=watched, status=StockAlert.OPEN)
        .values_list("stockrecord_id", "pk")
    )
    StockAlert._default_manager.bulk_create([
        StockAlert(stockrecord_id=pk, threshold=level.low_stock_threshold)
        for pk, level in watched.items()
        if level.is_below_threshold and pk not in open_alerts
    ])
    recovered = [alert for pk, alert in open_alerts.items() if not watched[pk].is_below_threshold]
    if recovered:
        StockAlert._default_manager.filter(pk__in=recovered).update(
            status=StockAlert.CLOSED, date_closed=timezone.now()
        )


def _change(change: StockChange, moves: Iterable[StockMove], origin: StockOrigin) -> list[StockLevel]:
    moves = list(moves)
    if any(move.quantity < 0 for move in moves):
        raise ValueError("stock moves take positive quantities")
    moves = _merged(moves)
    if not moves:
        return []
    using = router.db_for_write(StockRecord)
    # No savepoint of its own: a failure marks the caller's transaction for
    # rollback, which undoes the moves made before it.
    with transaction.atomic(using=using, savepoint=False):
        rows = _update_records(change, moves, connections[using])
        changed = {row[0]: StockLevel(*row) for row in rows}
        for move in moves:  # in id order: the first record short of stock
            if move.stockrecord_id not in changed:
                raise InsufficientStock(move.stockrecord_id, free_stock(move.stockrecord_id))
        levels = [changed[move.stockrecord_id] for move in moves]
        now = timezone.now()
        _insert_ledger([
            _ledger_entry(origin, level.stockrecord_id, now, *_before(change, move.quantity, level),
                          level.num_in_stock or 0, level.num_allocated or 0)
            for move, level in zip(moves, levels, strict=True)
        ])
        update_stock_alerts(levels)
    return levels


def _merged(moves: list[StockMove]) -> list[StockMove]:
    """One move per stock record (two basket lines may sell from one), in id order."""
    quantities: dict[int, int] = {}
    for move in moves:
        if move.quantity:
            quantities[move.stockrecord_id] = quantities.get(move.stockrecord_id, 0) + move.quantity
    return [StockMove(pk, quantity) for pk, quantity in sorted(quantities.items())]


def _update_records(change: StockChange, moves: list[StockMove], connection) -> list[tuple]:
    """Apply ``change`` to every record of ``moves`` whose counts allow it, in one
    statement; the rows changed (id, product, shelf, allocated, threshold).

    Several records are locked first in id order (the ``FOR UPDATE`` subquery, which
    every plan evaluates before it updates a row it returns), so two placements
    sharing records never deadlock; a record whose condition fails is left as it
    was and missing from the answer."""
    assignment, condition = _SQL[change]
    table = connection.ops.quote_name(StockRecord._meta.db_table)
    with connection.cursor() as cursor:
        if len(moves) == 1 or connection.vendor != "postgresql":
            # One statement per record, in id order (SQLite serialises writers anyway
            # and its RETURNING takes no table alias).
            rows = []
            for move in moves:
                cursor.execute(
                    f"UPDATE {table} SET {assignment} WHERE id = %(id)s AND {condition}"
                    " RETURNING id, product_id, num_in_stock, num_allocated, low_stock_threshold",
                    {"id": move.stockrecord_id, "qty": move.quantity},
                )
                rows += cursor.fetchall()
            return rows
        returning = " RETURNING s.id, s.product_id, s.num_in_stock, s.num_allocated, s.low_stock_threshold"
        values = ", ".join(["(%s::bigint, %s::integer)"] * len(moves))
        params = [value for move in moves for value in (move.stockrecord_id, move.quantity)]
        cursor.execute(
            f"UPDATE {table} AS s SET {assignment.replace('%(qty)s', 'm.qty')}"
            f" FROM (VALUES {values}) AS m(id, qty)"
            f" WHERE s.id = m.id AND {condition.replace('%(qty)s', 'm.qty')}"
            f" AND s.id IN (SELECT id FROM {table} WHERE id = ANY(%s) ORDER BY id FOR UPDATE)"
            f"{returning}",
            [*params, [move.stockrecord_id for move in moves]],
        )
        return cursor.fetchall()


def _before(change: StockChange, qty: int, level: StockLevel) -> tuple[int, int]:
    """A record's (shelf, allocated) before ``change`` of ``qty``, from its counts after."""
    shelf, allocated = level.num_in_stock or 0, level.num_allocated or 0
    if change is StockChange.ALLOCATE:
        return shelf, allocated - qty
    if change is StockChange.RELEASE:
        return shelf, allocated + qty
    return shelf + qty, allocated + qty


def _ledger_entry(origin: StockOrigin, stockrecord_id: int, when, quantity_before: int, allocated_before: int,
                  quantity_after: int, allocated_after: int, reference: str | None = None):
    return StockLedgerEntry(
        stockrecord_id=stockrecord_id, source=origin.source, actor=origin.actor, user_id=origin.user_id,
        reference=origin.reference if reference is None else reference, created_at=when,
        quantity_before=quantity_before, quantity_after=quantity_after,
        allocated_before=allocated_before, allocated_after=allocated_after,
    )


def _bulk_set(records: Iterable, fields: list[str]) -> None:
    """Write ``fields`` of these locked stock records in one ``UPDATE``.

    On PostgreSQL, one statement joining the table to ``unnest`` of one array per
    field: its text is the same whatever the number of records (Django's
    ``bulk_update`` builds a ``CASE WHEN id = … THEN …`` per record and field,
    whose compiling took most of a 1,000-item stock take). The values go to
    psycopg as they are (ints, Decimals, aware datetimes, None: the counts code
    sets nothing else). Elsewhere, ``bulk_update``."""
    records = list(records)
    if not records:
        return
    using = router.db_for_write(StockRecord)
    connection = connections[using]
    if connection.vendor != "postgresql":
        StockRecord._default_manager.using(using).bulk_update(records, fields)
        return
    meta, quote = StockRecord._meta, connection.ops.quote_name
    pk = meta.pk
    columns = [pk, *(meta.get_field(name) for name in fields)]
    arrays = [
        [getattr(record, field.attname) for record in records] for field in columns
    ]
    table = quote(meta.db_table)
    sql = (
        f"UPDATE {table} AS r SET "
        + ", ".join(f"{quote(field.column)} = v.{quote(field.column)}" for field in columns[1:])
        + " FROM unnest("
        + ", ".join(f"%s::{field.db_type(connection)}[]" for field in columns)
        + ") AS v(" + ", ".join(quote(field.column) for field in columns) + ")"
        + f" WHERE r.{quote(pk.column)} = v.{quote(pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)


def _insert_ledger(entries: list) -> None:
    """Insert these ledger entries in one statement (their ids are not needed).

    On PostgreSQL, ``INSERT … SELECT * FROM unnest(…)`` with one array per column:
    a fixed statement whatever the number of entries, where ``bulk_create`` writes
    and adapts one placeholder per value. Elsewhere, ``bulk_create``."""
    if not entries:
        return
    using = router.db_for_write(StockLedgerEntry)
    connection = connections[using]
    if connection.vendor != "postgresql":
        StockLedgerEntry._default_manager.using(using).bulk_create(entries)
        return
    quote = connection.ops.quote_name
    fields = [field for field in StockLedgerEntry._meta.concrete_fields if not field.primary_key]
    arrays = [[getattr(entry, field.attname) for entry in entries] for field in fields]
    sql = (
        f"INSERT INTO {quote(StockLedgerEntry._meta.db_table)} ("
        + ", ".join(quote(field.column) for field in fields)
        + ") SELECT * FROM unnest("
        + ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
        + ")"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)


class CountStatus(enum.StrEnum):
    #: The count replaced the shelf quantity (or the price).
    APPLIED = "applied"
    #: Same quantity and price as before (its time is still recorded).
    UNCHANGED = "unchanged"
    #: Older than the count already applied to the record: ignored.
    STALE = "stale"
    #: Below what orders have allocated: applied down to the allocated quantity.
    CONFLICT = "conflict"


@dataclass(frozen=True)
class StockCount:
    """An absolute count of one product at a partner, from a stock take."""

    product_id: int
    sku: str
    quantity: int
    counted_at: datetime.datetime
    #: A new price in whole đồng, or None to keep the record's (a new record takes
    #: the producer's price).
    price: int | None = None


@dataclass(frozen=True)
class CountResult:
    sku: str
    status: CountStatus
    before: int
    after: int
    allocated: int


def apply_stock_counts(partner_id: int, counts: Sequence[StockCount], origin: StockOrigin) -> list[CountResult]:
    """Apply a validated stock take to ``partner_id``'s stock records, in one
    transaction, and say per count what happened (in the order given).

    A product the partner has no stock record for yet gets one (with the price
    given, or the producer's). The caller checks the products are sellable (a sales
    point stocks nothing else) and that skus are unique in the batch."""
    counts = list(counts)
    if not counts:
        return []
    product_ids = [count.product_id for count in counts]
    records = StockRecord._default_manager.filter(partner_id=partner_id, product_id__in=product_ids)
    with transaction.atomic():
        locked = {record.product_id: record for record in records.select_for_update().order_by("pk")}
        missing = [count for count in counts if count.product_id not in locked]
        if missing:
            home_prices = dict(
                StockRecord._default_manager.filter(
                    product_id__in=[count.product_id for count in missing], partner__producer__isnull=False
                ).values_list("product_id", "price")
            )
            # ignore_conflicts: a concurrent first count of the same product made it.
            StockRecord._default_manager.bulk_create([
                StockRecord(
                    partner_id=partner_id, product_id=count.product_id, partner_sku=count.sku,
                    price=Decimal(count.price) if count.price is not None else home_prices.get(count.product_id),
                    price_currency="VND", num_in_stock=0, num_allocated=0,
                )
                for count in missing
            ], ignore_conflicts=True)
            # Locked after the ones held already: these are new (higher ids), or
            # made by the concurrent count, whose transaction has committed.
            locked.update(
                (record.product_id, record)
                for record in records.filter(product_id__in=[count.product_id for count in missing])
                .select_for_update().order_by("pk")
            )
        now = timezone.now()
        results, changed, entries = [], [], []
        for count in counts:
            record = locked[count.product_id]
            shelf, allocated = record.num_in_stock or 0, record.num_allocated or 0
            if record.counted_at and count.counted_at < record.counted_at:
                results.append(CountResult(count.sku, CountStatus.STALE, shelf, shelf, allocated))
                continue
            after = max(count.quantity, allocated)
            new_price = Decimal(count.price) if count.price is not None else record.price
            if after != shelf or new_price != record.price:
                status = CountStatus.APPLIED
            else:
                status = CountStatus.UNCHANGED
            if count.quantity < allocated:
                status = CountStatus.CONFLICT
            if after != shelf:
                entries.append(_ledger_entry(origin, record.pk, now, shelf, allocated, after, allocated))
            record.num_in_stock, record.price, record.counted_at = after, new_price, count.counted_at
            changed.append(record)
            results.append(CountResult(count.sku, status, shelf, after, allocated))
        _bulk_set(changed, ["num_in_stock", "price", "counted_at"])
        _insert_ledger(entries)
        update_stock_alerts(
            StockLevel(r.pk, r.product_id, r.num_in_stock, r.num_allocated, r.low_stock_threshold) for r in changed
        )
    return results


@dataclass(frozen=True)
class StockSale:
    """Units of a stock record sold over the counter."""

    stockrecord_id: int
    quantity: int
    #: The sale's event id, for the ledger.
    reference: str


@dataclass(frozen=True)
class SaleResult:
    before: int
    after: int
    #: More than the free stock was sold: the shelf count was wrong or orders'
    #: units went over the counter.
    oversold: bool


def record_sales(sales: Sequence[StockSale], origin: StockOrigin) -> list[SaleResult]:
    """Take counter sales off the shelf, in one transaction, never below zero; one
    result per sale in the order given (sales of one record apply in that order)."""
    sales = list(sales)
    if not sales:
        return []
    with transaction.atomic():
        records = {
            record.pk: record
            for record in StockRecord._default_manager.select_for_update()
            .filter(pk__in={sale.stockrecord_id for sale in sales}).order_by("pk")
        }
        now = timezone.now()
        results, entries = [], []
        for sale in sales:
            record = records[sale.stockrecord_id]
            shelf, allocated = record.num_in_stock or 0, record.num_allocated or 0
            after = max(shelf - sale.quantity, 0)
            entries.append(_ledger_entry(origin, record.pk, now, shelf, allocated, after, allocated, sale.reference))
            record.num_in_stock = after
            results.append(SaleResult(shelf, after, oversold=sale.quantity > shelf - allocated))
        _bulk_set(records.values(), ["num_in_stock"])
        _insert_ledger(entries)
        update_stock_alerts(
            StockLevel(r.pk, r.product_id, r.num_in_stock, r.num_allocated, r.low_stock_threshold)
            for r in records.values()
        )
    return results


def set_stock_count(stockrecord_id: int, quantity: int, origin: StockOrigin) -> StockLevel:
    """Set a record's shelf count to a figure typed in the dashboard, under its
    row lock and with a ledger entry, never below what orders have allocated (the
    caller's form says so first; this holds under a concurrent order too). The
    figure is a count made now: a till's count made earlier and sent later is stale."""
    with transaction.atomic():
        record = StockRecord._default_manager.select_for_update().get(pk=stockrecord_id)
        shelf, allocated = record.num_in_stock or 0, record.num_allocated or 0
        after = max(quantity, allocated)
        record.num_in_stock, record.counted_at = after, timezone.now()
        StockRecord._default_manager.filter(pk=record.pk).update(num_in_stock=after, counted_at=record.counted_at)
        if after != shelf:
            _ledger_entry(origin, record.pk, record.counted_at, shelf, allocated, after, allocated).save()
        level = StockLevel(record.pk, record.product_id, after, record.num_allocated, record.low_stock_threshold)
        update_stock_alerts([level])
    return level
