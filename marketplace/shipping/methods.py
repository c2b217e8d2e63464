from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import *  # noqa: F401,F403
from oscar.apps.shipping.methods import Base
from oscar.core import prices


class HomeDelivery(Base):
    """Delivery to the buyer's door. The fee is the destination zone's, and nothing
    from ``FREE_SHIPPING_THRESHOLD_VND`` (the basket total, after discounts) up."""

    code = "home-delivery"
    name = _("Home delivery")

    def __init__(self, fee: int, zone_name: str = ""):
        self.fee = Decimal(int(fee))
        self.zone_name = zone_name

    @property
    def description(self) -> str:
        return _("Free from %(threshold)s ₫") % {
            "threshold": f"{settings.FREE_SHIPPING_THRESHOLD_VND:,}".replace(",", ".")
        }

    def is_free_for(self, basket) -> bool:
        return basket.total_incl_tax >= settings.FREE_SHIPPING_THRESHOLD_VND

    def calculate(self, basket):
        charge = Decimal(0) if self.is_free_for(basket) else self.fee
        # VND prices are tax-inclusive and whole đồng.
        return prices.Price(
            currency=basket.currency, excl_tax=charge, incl_tax=charge, tax=Decimal(0)
        )


class ClickAndCollect(Base):
    """Pick up at a sales point: no fee, no delivery address; the lines are
    allocated from the point's own stock (``marketplace.order.utils``)."""

    code = "click-and-collect"
    name = _("Pick up at a sales point")
    is_discounted = False

    def __init__(self, sales_point):
        self.sales_point = sales_point

    @property
    def description(self) -> str:
        return self.sales_point.name

    def calculate(self, basket):
        return prices.Price(currency=basket.currency, excl_tax=Decimal(0), incl_tax=Decimal(0), tax=Decimal(0))
