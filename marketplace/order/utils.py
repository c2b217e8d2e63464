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
        order = super().place_order(basket, *args, order_number=order_number, user=user, **kwargs)
        # Search shows availability: one reindex for the order's products once it
        # has committed (never for a rolled-back placement; on_commit defers it when
        # the caller wraps placement in a larger transaction).
        schedule_reindex(line.product_id for line in lines if tracks_stock(line))
        return order

    def update_stock_records(self, line):
        """Allocate a basket line's quantity, or fail the whole placement."""
        if not tracks_stock(line):
            return
        try:
            allocate_stock([StockMove(line.stockrecord_id, line.quantity)], self._stock_origin)
        except InsufficientStock as short:
            raise OutOfStock(line.product.get_title(), short.available) from None
