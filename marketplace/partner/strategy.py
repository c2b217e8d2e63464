"""Pricing and availability strategy.

Availability is where Oscar asks "may this be bought?" at every door: the basket
add form, basket line warnings and checkout's pre-conditions all call
``is_purchase_permitted``. Putting the certification rule here means no door can
forget it.
"""

from oscar.apps.partner.strategy import *  # noqa: F401,F403
from oscar.apps.partner.strategy import Default as OscarDefault

from marketplace.partner.availability import NotCertified


class CertifiedOnly:
    def availability_policy(self, product, stockrecord):
        if not product.is_sellable:
            return NotCertified()
        return super().availability_policy(product, stockrecord)

    def parent_availability_policy(self, product, children_stock):
        if not product.is_sellable:
            return NotCertified()
        return super().parent_availability_policy(product, children_stock)


class UseHomeDeliveryStockRecord:
    """The producer's stock record, chosen deliberately: Oscar's default takes the
    first record, which could be a sales point's once a point stocks the product.
    Home delivery sells from the producer's record (its price is the online price);
    click and collect moves the order's lines to the chosen point's records at
    placement (``marketplace.order.utils``)."""

    def select_stockrecord(self, product):
        producer = getattr(product, "producer", None)
        if producer is not None:
            # The producer's own record, read from the prefetched records that
            # list pages load (``base_queryset``): no query per product.
            own = [record for record in product.stockrecords.all() if record.partner_id == producer.partner_id]
            return min(own, key=lambda record: record.pk, default=None)
        return product.stockrecords.for_home_delivery().order_by("pk").first()


class Default(CertifiedOnly, UseHomeDeliveryStockRecord, OscarDefault):
    """VND prices with tax included, stock required, OCOP certificate required,
    selling from the producer's stock record."""


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)
