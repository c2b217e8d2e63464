"""The names of order, line and payment states, one enum each.

Plain ``TextChoices`` with no model import, so the settings can build Oscar's
status pipelines from them. The values are what the database holds.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LineStatus(models.TextChoices):
    """Where a producer's order line is (``OSCAR_LINE_STATUS_PIPELINE``)."""

    CONFIRMED = "Confirmed"
    PACKED = "Packed"
    SHIPPED = "Shipped"
    DELIVERED = "Delivered"
    CANCELLED = "Cancelled"


class OrderStatus(models.TextChoices):
    """The order's status, derived from its lines' (``OSCAR_ORDER_STATUS_PIPELINE``)."""

    CONFIRMED = "Confirmed"
    #: Some lines are ahead of others.
    PROCESSING = "Processing"
    SHIPPED = "Shipped"
    DELIVERED = "Delivered"
    CANCELLED = "Cancelled"


class PaymentStatus(models.TextChoices):
    """Where the money stands (``Order.payment_status``), apart from fulfilment."""

    AWAITING_COD = "awaiting_cod", _("Cash on delivery: to be paid on delivery")
    AWAITING_TRANSFER = "awaiting_transfer", _("Awaiting bank transfer")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    REFUNDED = "refunded", _("Refunded")


#: Money still to come by a way an operator confirms by hand (``mark_paid``).
AWAITING_RECEIPT = (PaymentStatus.AWAITING_COD, PaymentStatus.AWAITING_TRANSFER)


class PaymentEventName(models.TextChoices):
    """Names of Oscar ``PaymentEventType``s recorded on orders by every method
    (a gateway's own notifications have their own names in its package)."""

    PAID = "Paid"
    AWAITING_COD = "Awaiting cash on delivery"
    AWAITING_TRANSFER = "Awaiting bank transfer"
