"""Order placement: Oscar's ``OrderCreator`` with the certificate re-check and
stock allocation that cannot oversell (``marketplace.partner.stock``).

Oscar's ``place_order`` writes the order and its lines, then calls
``update_stock_records`` for each line sorted by stock record id (the lock order),
all inside its transaction: a line whose stock is gone raises ``OutOfStock`` and
rolls back the order, its lines and the allocations made before it.
"""

from django.utils.translation import gettext as _
from oscar.apps.order.utils import *  # noqa: F401,F403
from oscar.apps.order.utils import OrderCreator as OscarOrderCreator
from oscar.apps.order.utils import OrderNumberGenerator
from oscar.core.loading import get_model

from catalogue.search.indexing import schedule_reindex
from marketplace.order.exceptions import OutOfStock, ProductNotCertified
from marketplace.partner.models import LedgerSource
from marketplace.partner.stock import (
    InsufficientStock,
    StockMove,
    StockOrigin,
    allocate_stock,
    tracks_stock,
)

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
#: By name: sales points sit above orders (their pick-up flow changes orders).
PickUp = get_model("sales_points", "PickUp")


class OrderCreator(OscarOrderCreator):
    def place_order(self, basket, *args, order_number=None, user=None, **kwargs):
        lines = list(basket.all_lines())
        # Re-check the certificates against the database at placement: the basket
        # may be hours old and a certificate may have expired or been revoked since.
        # One query for the whole basket.
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
        # The number is known before the lines allocate, for their ledger entries.
        order_number = order_number or OrderNumberGenerator().order_number(basket)
        self._stock_origin = StockOrigin.for_user(LedgerSource.ONLINE_ORDER, user, order_number)
        # Click and collect sells from the chosen point's own stock records; home
        # delivery from the lines' (the producers') records.
        point = getattr(kwargs.get("shipping_method"), "sales_point", None)
        self._basket_lines = lines
        self._point_records = {
            record.product_id: record
            for record in StockRecord.objects.at_sales_point(point)
            .filter(product_id__in={line.product_id for line in lines}).select_related("partner")
        } if point else None
        self._point = point
        order = super().place_order(basket, *args, order_number=order_number, user=user, **kwargs)
        # Search shows availability: one reindex for the order's products once it
        # has committed (never for a rolled-back placement; on_commit defers it when
        # the caller wraps placement in a larger transaction).
        schedule_reindex(line.product_id for line in lines if tracks_stock(line))
        return order

    def create_order_model(self, *args, **kwargs):
        # In Oscar's placement transaction: a pick-up exists exactly with its order.
        order = super().create_order_model(*args, **kwargs)
        if self._point is not None:
            PickUp.objects.create(order=order, sales_point=self._point)
        return order

    def _stockrecord_for(self, line):
        """The record a basket line sells from: the pick-up point's, or its own."""
        if self._point_records is None or not tracks_stock(line):
            return line.stockrecord
        record = self._point_records.get(line.product_id)
        if record is None:
            raise OutOfStock(line.product.get_title(), 0)
        return record

    def create_line_models(self, order, basket_line, extra_line_fields=None):
        record = self._stockrecord_for(basket_line)
        if record is not basket_line.stockrecord:
            # The line is the point's sale (its shelf, its staff); the price stays
            # the online one the buyer saw.
            extra_line_fields = {
                **(extra_line_fields or {}), "partner": record.partner, "partner_name": record.partner.name,
                "partner_sku": record.partner_sku, "stockrecord": record,
            }
        return super().create_line_models(order, basket_line, extra_line_fields)

    def update_stock_records(self, line):
        """Allocate a basket line's quantity, or fail the whole placement."""
        if not tracks_stock(line):
            return
        if self._point_records is not None:
            return self._allocate_at_point()
        try:
            allocate_stock([StockMove(line.stockrecord_id, line.quantity)], self._stock_origin)
        except InsufficientStock as short:
            raise OutOfStock(line.product.get_title(), short.available) from None

    def _allocate_at_point(self):
        """A pick-up's lines, all at once at the first call: Oscar sorts the calls
        by the lines' (producers') record ids, the locks must follow the point's."""
        if getattr(self, "_point_allocated", False):
            return
        self._point_allocated = True
        lines = [line for line in self._basket_lines if tracks_stock(line)]
        records = {line.product_id: self._stockrecord_for(line) for line in lines}
        try:
            allocate_stock([StockMove(records[line.product_id].pk, line.quantity) for line in lines],
                           self._stock_origin)
        except InsufficientStock as short:
            [line] = [line for line in lines if records[line.product_id].pk == short.stockrecord_id][:1]
            raise OutOfStock(line.product.get_title(), short.available) from None
