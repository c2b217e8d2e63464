"""The interface every payment method implements.

A method is one module (or, for a gateway, one package) with one
``PaymentMethod`` subclass listed in ``checkout.payment.METHODS``; the checkout
view and the placement service talk to it only through the hooks below.

A gateway where the buyer pays on the gateway's side (Stripe's card form, a bank's
page) starts its payment in ``preview_context`` while the basket is still open,
sends the buyer back to the preview page, recognises that return in
``is_gateway_return``, re-checks the payment with the gateway in
``take_payment``, and serves its server-to-server notifications from ``urls()``.
See docs/payments.md.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.http import HttpRequest
from django.urls import URLPattern
from django.utils.translation import gettext as _
from oscar.core.loading import get_class

from checkout.utils import CheckoutSessionData
from marketplace.order.statuses import PaymentStatus

UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")
UnableToTakePayment = get_class("payment.exceptions", "UnableToTakePayment")


class SourceTypeName(models.TextChoices):
    """Oscar payment source types (``SourceType.name``; the code is its slug)."""

    CASH_ON_DELIVERY = "Cash on delivery"
    VIETQR_TRANSFER = "VietQR bank transfer"
    STRIPE_CARD = "Stripe card"
    VNPAY = "VNPay"


@dataclass
class PaymentResult:
    """What a method reports to the checkout once payment is settled or arranged:
    the Oscar payment source to record and the order's payment status."""

    source_type: SourceTypeName
    amount_allocated: Decimal
    payment_status: PaymentStatus
    amount_debited: Decimal = Decimal(0)
    reference: str = ""
    #: (event type name, amount, reference) for Oscar PaymentEvents on the order.
    events: list[tuple[str, Decimal, str]] = field(default_factory=list)


@dataclass(frozen=True)
class RefundResult:
    """What a method did with a refund (``PaymentMethod.refund``)."""

    amount: Decimal
    #: True when the money went back through the method (a card or VNPay refund);
    #: False when it is owed and a person pays it back (a transfer, cash).
    settled: bool
    #: The gateway's refund id, or the idempotency key when nothing was sent.
    reference: str = ""


@dataclass(frozen=True)
class UnplacedPayment:
    """A payment taken with no order placed for it, and what ``settle_unplaced``
    did with it (``checkout.settlement``)."""

    reference: str
    order_number: str
    amount: int
    #: True: given back through the gateway; False: the refund failed (it stays
    #: paid and the next run tries again).
    refunded: bool
    #: Who to tell, in which language ("" when the gateway's records do not say).
    email: str = ""
    language: str = ""
    detail: str = ""


class PaymentSpent(Exception):
    """Mixed into a checkout error when the payment this attempt used cannot be
    used again (it was refunded, or is left for the operators to refund): the
    buyer's next try starts a new payment (``start_new_payment_attempt``)."""


class RefundedBeforePlacement(PaymentSpent, UnableToTakePayment):
    """The money was taken but did not fit the order, and was given back."""


class RefundedPlacementFailed(PaymentSpent, UnableToPlaceOrder):
    """The money was taken, the order could not be placed, and the money was (or
    will be, by the operators) given back."""


class PaymentMethod:
    #: Stored on the order (``Order.payment_method``) and posted by the payment form.
    code: str = ""
    name: str = ""
    description: str = ""
    #: Shown instead of Oscar's "Place order" button on the preview page (e.g. a
    #: card form); None keeps Oscar's button.
    place_order_template: str | None = None
    #: How to pay, on the thank-you page and the buyer's order page (HTML) and in the
    #: confirmation email (text), with ``instructions()`` as context.
    instructions_template: str = ""
    instructions_text_template: str = ""
    #: The order's payment statuses in which the buyer still has to pay by their
    #: own action (a transfer to make): their order page then shows the same
    #: instructions as the thank-you page, so that a buyer who left that page
    #: can still pay. Empty: the order page only names the payment status.
    instructions_while: tuple[PaymentStatus, ...] = ()

    @classmethod
    def is_enabled(cls) -> bool:
        return True

    @classmethod
    def urls(cls) -> list[URLPattern]:
        """URLs under ``/checkout/`` the method's gateway calls (webhooks,
        notifications), whether or not the method is switched on."""
        return []

    def preview_context(self, request: HttpRequest, session: CheckoutSessionData, *,
                        basket, order_number: str, total) -> dict:
        """Context for ``place_order_template`` on the preview page (e.g. start
        the gateway's payment and hand its keys to the page)."""
        return {}

    def payment_details(self, request: HttpRequest, session: CheckoutSessionData) -> Mapping[str, str]:
        """What ``take_payment`` needs from the buyer's place-order request (or
        from the gateway's return to the shop), checked against the session."""
        return {}

    def is_gateway_return(self, request: HttpRequest) -> bool:
        """Whether this GET of the preview page is the gateway sending the buyer
        back after paying: the order is then placed at once."""
        return False

    def take_payment(self, order_number: str, total, **details) -> PaymentResult:
        """Settle or arrange payment before the order is written. Raise Oscar's
        ``UnableToTakePayment`` (buyer-facing message) when it cannot."""
        raise NotImplementedError

    def claim_payment(self, result: PaymentResult, order_number: str) -> None:
        """Called inside the placement transaction, before the order is written:
        claim the payment for this order, or raise Oscar's ``UnableToPlaceOrder``."""

    def undo_payment(self, result: PaymentResult, order_number: str) -> None:
        """Give the money back when the order could not be placed after
        ``take_payment`` succeeded. Methods that take no money do nothing."""

    def release_payment(self, order_number: str, **details) -> Decimal | None:
        """The order cannot be placed at all (the basket check on the buyer's
        return failed: a product lost its certificate, stock is gone): give back
        any money ``details`` (from ``payment_details``) show was taken for
        ``order_number``, so it is never left taken with no order. The amount
        given back, or None when nothing was taken. Raise ``RefundFailed`` when the
        gateway refuses (a person then refunds). Methods that take no money do nothing."""
        return None

    def settle_unplaced(self, paid_before) -> list[UnplacedPayment]:
        """Give back the payments taken before ``paid_before`` (a datetime) that
        no order claimed: the buyer paid on the gateway's page and never came
        back, so the order (which needs their checkout session) was never placed.
        Idempotent. Methods whose money is never taken before the order, or whose
        gateway already does this (Stripe's delayed refund), return []."""
        return []

    def refund_how(self) -> str:
        """For the buyer about to cancel a paid line: how its amount comes back."""
        return _("Our team pays it back to you; a refund is recorded as due.")

    def given_back_message(self, amount: str) -> str:
        """For the buyer, in their language, after ``undo_payment`` gave back the
        money of an order that could not be placed; ``amount`` as "285.000"."""
        return _("Your payment of %(amount)s ₫ has been refunded.") % {"amount": amount}

    def not_given_back_message(self, reference: str) -> str:
        """For the buyer when ``undo_payment`` failed: a person refunds them."""
        return _("Your payment was taken and we could not refund it automatically: our team has been alerted "
                 "and will refund you. Reference: %(ref)s") % {"ref": reference}

    def refund(self, order, amount: Decimal, *, reason: str, idempotency_key: str) -> RefundResult:
        """Give ``amount`` of what ``order`` paid back to the buyer (the lines
        being cancelled; the services in ``checkout.refunds`` call this, inside the
        cancelling transaction, only for orders the shop holds money for).

        Called once per cancelled line, and once for the delivery fee when the last
        line goes, each with its own ``idempotency_key`` (the same on a retry):
        a gateway passes it on so that a retry never refunds twice. Raise
        ``RefundFailed`` (buyer- and operator-facing message) when the gateway
        refuses; the cancellation is then undone."""
        raise NotImplementedError

    def instructions(self, order) -> dict:
        """Context for the instructions templates (thank-you page, email)."""
        return {}


class RefundFailed(Exception):
    """The gateway refused or could not be reached: nothing was cancelled."""


def refund_due(amount: Decimal, idempotency_key: str) -> RefundResult:
    """A refund a person pays back (by transfer): recorded as owed, nothing sent."""
    return RefundResult(amount=amount, settled=False, reference=idempotency_key)


def whole_dong(amount) -> int:
    """VND has no minor unit: an amount in đồng as an exact integer."""
    value = Decimal(amount)
    if value != value.to_integral_value():
        raise ValueError(f"VND amounts are whole đồng, got {amount}")
    return int(value)
