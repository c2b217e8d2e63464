"""The names of order, line and payment states, one enum each.

Plain ``TextChoices`` with no model import, so the settings can build Oscar's
status pipelines from them. The values are what the database holds.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LineStatus(models.TextChoices):
    """Where a producer's order line is (``OSCAR_LINE_STATUS_PIPELINE``)."""

    CONFIRMED = "Confirmed", _("Confirmed")
    PACKED = "Packed", _("Packed")
    SHIPPED = "Shipped", _("Shipped")
    DELIVERED = "Delivered", _("Delivered")
    CANCELLED = "Cancelled", _("Cancelled")


class OrderStatus(models.TextChoices):
    """The order's status, derived from its lines' (``OSCAR_ORDER_STATUS_PIPELINE``)."""

    CONFIRMED = "Confirmed", _("Confirmed")
    #: Some lines are ahead of others.
    PROCESSING = "Processing", _("Processing")
    SHIPPED = "Shipped", _("Shipped")
    DELIVERED = "Delivered", _("Delivered")
    CANCELLED = "Cancelled", _("Cancelled")


class PaymentStatus(models.TextChoices):
    """Where the money stands (``Order.payment_status``), apart from fulfilment."""

    AWAITING_COD = "awaiting_cod", _("Cash on delivery: to be paid on delivery")
    AWAITING_TRANSFER = "awaiting_transfer", _("Awaiting bank transfer")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Payment failed")
    #: Some lines were cancelled after payment and their amount given (or owed) back.
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


#: Money still to come by a way an operator confirms by hand (``mark_paid``).
AWAITING_RECEIPT = (PaymentStatus.AWAITING_COD, PaymentStatus.AWAITING_TRANSFER)

#: The order waits for money paid before delivery (a transfer, a card, VNPay): its
#: lines are not packed or shipped until it arrives. Cash on delivery is not here.
AWAITING_PREPAYMENT = (PaymentStatus.AWAITING_TRANSFER, PaymentStatus.FAILED)

#: The shop holds the buyer's money: cancelling a line gives its amount back.
MONEY_TAKEN = (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED)


class PaymentEventName(models.TextChoices):
    """Names of Oscar ``PaymentEventType``s recorded on orders by every method
    (a gateway's own notifications have their own names in its package)."""

    PAID = "Paid"
    AWAITING_COD = "Awaiting cash on delivery"
    AWAITING_TRANSFER = "Awaiting bank transfer"
    #: Money given back through the method (a card or VNPay refund).
    REFUNDED = "Refunded"
    #: Money owed back that a person pays (a bank transfer, cash).
    REFUND_DUE = "Refund due"
    #: The transfer did not arrive in time; the order was cancelled.
    EXPIRED = "Transfer not received in time"


#: The reference of the ``Refund due`` event recording what a buyer's transfer paid
#: beyond the amount due (``checkout.reconciliation.matching.settle_overpayment``),
#: followed by the bank's reference: money received as well as owed back.
OVERPAID_REFERENCE_PREFIX = "overpaid-"
