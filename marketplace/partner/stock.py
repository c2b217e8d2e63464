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

Every change, whatever its kind, goes through ``_change``: the one place to record
a stock ledger line with its source, and stock records of several partners per
product (sales points) need nothing more, as every function works on stock
record ids.
"""

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.utils import timezone
from oscar.core.loading import get_class, get_model

StockRecord = get_model("partner", "StockRecord")
StockAlert = get_model("partner", "StockAlert")
InvalidStockAdjustment = get_class("partner.exceptions", "InvalidStockAdjustment")


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


def allocate_stock(moves: Iterable[StockMove]) -> list[StockLevel]:
    """Promise these quantities to an order, all or none.

    Raises ``InsufficientStock`` naming the first record (in id order) whose free
    stock does not cover its quantity, with how many units it still has free; the
    caller's transaction then rolls back what was allocated before it."""
    return _change(StockChange.ALLOCATE, moves)


def release_stock(moves: Iterable[StockMove]) -> list[StockLevel]:
    """Give allocated units back to free stock (a cancelled order line)."""
    return _change(StockChange.RELEASE, moves)


def consume_stock(moves: Iterable[StockMove]) -> list[StockLevel]:
    """Take allocated units off the shelf (a shipped order line). Raises
    ``InsufficientStock`` when a record holds fewer allocated or shelved units."""
    return _change(StockChange.CONSUME, moves)


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


def _change(change: StockChange, moves: Iterable[StockMove]) -> list[StockLevel]:
    moves = sorted(move for move in moves if move.quantity)
    if any(move.quantity < 0 for move in moves):
        raise ValueError("stock moves take positive quantities")
    if not moves:
        return []
    assignment, condition = _SQL[change]
    using = router.db_for_write(StockRecord)
    connection = connections[using]
    sql = (
        f"UPDATE {connection.ops.quote_name(StockRecord._meta.db_table)} SET {assignment}"
        f" WHERE id = %(id)s AND {condition}"
        " RETURNING id, product_id, num_in_stock, num_allocated, low_stock_threshold"
    )
    levels = []
    # No savepoint of its own: a failure marks the caller's transaction for
    # rollback, which undoes the moves made before it.
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        for move in moves:
            cursor.execute(sql, {"id": move.stockrecord_id, "qty": move.quantity})
            row = cursor.fetchone()
            if row is None:
                raise InsufficientStock(move.stockrecord_id, free_stock(move.stockrecord_id))
            levels.append(StockLevel(*row))
        update_stock_alerts(levels)
    return levels
