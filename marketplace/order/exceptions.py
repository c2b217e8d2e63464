from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import *  # noqa: F401,F403
from oscar.apps.order.exceptions import UnableToPlaceOrder


class ProductNotCertified(UnableToPlaceOrder):
    """A basket line's product lost its OCOP certificate before the order was placed."""


class OutOfStock(UnableToPlaceOrder):
    """The free stock of a line no longer covers its quantity: another buyer took
    the last units between the basket and the placement. The placement transaction
    is rolled back, so no order, line, payment record or allocation is left."""

    def __init__(self, title: str, available: int):
        self.title = title
        self.available = max(int(available), 0)
        if self.available:
            message = _(
                "Only %(available)d of “%(title)s” are left in stock. Please lower the "
                "quantity in your basket and place the order again."
            ) % {"available": self.available, "title": title}
        else:
            message = _(
                "“%(title)s” has just sold out. Please remove it from your basket and "
                "place the order again."
            ) % {"title": title}
        super().__init__(message)
