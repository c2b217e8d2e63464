from oscar.apps.order.exceptions import *  # noqa: F401,F403
from oscar.apps.order.exceptions import UnableToPlaceOrder


class ProductNotCertified(UnableToPlaceOrder):
    """A basket line's product lost its OCOP certificate before the order was placed."""
