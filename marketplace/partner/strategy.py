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


class Default(CertifiedOnly, OscarDefault):
    """VND prices with tax included, stock required, OCOP certificate required."""


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return Default(request)
