"""Order placement.

Oscar's ``StockRecord.allocate()`` adds to ``num_allocated`` without checking that
the free stock still covers the quantity, so two buyers can both get the last unit.
Here allocation is one conditional UPDATE per stock record (``WHERE num_in_stock -
num_allocated >= qty``): PostgreSQL re-evaluates the WHERE clause after waiting for
a concurrent writer's row lock, so exactly the buyers the stock covers succeed, and
nobody reads-then-writes. Records are updated in stock-record id order so that
concurrent baskets holding several records lock them in the same order and never
deadlock. Everything runs inside ``place_order``'s transaction: a failed line rolls
back the order, its lines and earlier allocations.
"""

from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from oscar.apps.order.utils import *  # noqa: F401,F403
from oscar.apps.order.utils import OrderCreator as OscarOrderCreator
from oscar.core.loading import get_model

from catalogue.search.indexing import schedule_reindex
from marketplace.order.exceptions import OutOfStock, ProductNotCertified

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


def allocate_stock(stockrecord_id: int, quantity: int) -> bool:
    """Allocate ``quantity`` units of a stock record if its free stock covers them.

    Returns False (and changes nothing) when it does not."""
    allocated = Coalesce(F("num_allocated"), 0)
    updated = StockRecord._default_manager.filter(
        pk=stockrecord_id, num_in_stock__gte=allocated + quantity
    ).update(num_allocated=allocated + quantity)
    return updated == 1


def free_stock(stockrecord_id: int) -> int:
    record = StockRecord._default_manager.filter(pk=stockrecord_id).values(
        "num_in_stock", "num_allocated"
    ).first()
    if not record:
        return 0
    return (record["num_in_stock"] or 0) - (record["num_allocated"] or 0)


class OrderCreator(OscarOrderCreator):
    def place_order(self, basket, *args, **kwargs):
        # Re-check the certificates against the database at placement: the basket
        # may be hours old and a certificate may have expired or been revoked since.
        # One query for the whole basket.
        lines = list(basket.all_lines())
        sellable = set(
            Product._default_manager.sellable()
            .filter(pk__in={line.product_id for line in lines}).values_list("pk", flat=True)
        )
        for line in lines:
            if line.product_id not in sellable:
                raise ProductNotCertified(
                    _("“%(title)s” is no longer OCOP-certified and cannot be ordered. "
                      "Please remove it from your basket.")
                    % {"title": line.product.get_title()}
                )
        self._allocated_product_ids = []
        order = super().place_order(basket, *args, **kwargs)
        # Search shows availability: one reindex for the order's products once it
        # has committed (never for a rolled-back placement; on_commit defers it when
        # the caller wraps placement in a larger transaction).
        schedule_reindex(self._allocated_product_ids)
        return order

    def update_stock_records(self, line):
        """Allocate a basket line's quantity, or fail the whole placement.

        Oscar's ``place_order`` calls this inside its transaction, for the lines
        sorted by stock record id (the deterministic lock order)."""
        if not line.product.get_product_class().track_stock:
            return
        if not allocate_stock(line.stockrecord_id, line.quantity):
            raise OutOfStock(line.product.get_title(), free_stock(line.stockrecord_id))
        getattr(self, "_allocated_product_ids", []).append(line.product_id)
