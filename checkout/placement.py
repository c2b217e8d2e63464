"""Placing an order: take payment → write the order → give the money back if the
order cannot be written.

The checkout view calls ``place_order`` when the buyer clicks "Place order" (or
comes back from a payment gateway) and turns what it raises into pages; it knows
nothing of any payment method beyond the ``PaymentMethod`` interface.

1. ``method.take_payment`` settles or arranges payment (a card is re-checked
   with Stripe, cash on delivery just records the amount due). It raises
   ``UnableToTakePayment`` with a message for the buyer.
2. One transaction claims the payment for this order (``claim_payment``) and
   writes the order, its lines, addresses, stock allocations
   (``marketplace.order.utils.OrderCreator``) and payment records: all or nothing.
3. If that fails after money was taken, ``undo_payment`` gives it back and the
   buyer is told so (``RefundedPlacementFailed``).
4. After commit: the buyer's and the producers' emails (or, when the money was
   given back, the buyer's "payment refunded" email).

``release_payment`` covers the case where the order cannot even be attempted
(the basket check on the buyer's return from the gateway fails): the money the
gateway took is given back the same way.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from checkout.emails import send_order_emails, send_payment_refunded_email
from checkout.payment.base import (
    PaymentMethod,
    PaymentResult,
    PaymentSpent,
    RefundedPlacementFailed,
    RefundFailed,
    UnableToPlaceOrder,
    whole_dong,
)

logger = logging.getLogger("oscar.checkout")

OrderCreator = get_class("order.utils", "OrderCreator")
Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
PaymentEventQuantity = get_model("order", "PaymentEventQuantity")
PaymentEventType = get_model("order", "PaymentEventType")
ShippingAddress = get_model("order", "ShippingAddress")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
UserAddress = get_model("address", "UserAddress")


@dataclass(frozen=True)
class OrderSubmission:
    """What the buyer confirmed on the preview page (Oscar's ``build_submission``)."""

    number: str
    user: object
    basket: object
    total: object
    shipping_method: object
    shipping_charge: object
    #: Unsaved; None when nothing is shipped (tourism services).
    shipping_address: object | None = None
    billing_address: object | None = None
    surcharges: list | None = None
    #: More order fields, e.g. a guest's ``guest_email``.
    order_fields: dict = field(default_factory=dict)
    #: The buyer's language: their emails are written in it.
    language: str = "vi"
    #: For Oscar's current-site lookup only.
    request: HttpRequest | None = None

    @property
    def email(self) -> str:
        """Where the buyer's emails go: a guest's address, else their account's."""
        return self.order_fields.get("guest_email") or getattr(self.user, "email", "") or ""


def place_order(submission: OrderSubmission, method: PaymentMethod, payment_details: Mapping[str, str]) -> Order:
    """Take payment and place the order, or raise with a message for the buyer."""
    payment = method.take_payment(submission.number, submission.total, **payment_details)
    try:
        with transaction.atomic():
            method.claim_payment(payment, submission.number)
            order = _write_order(submission, method, payment)
            # After commit, and never for a rolled-back placement.
            transaction.on_commit(lambda: send_order_emails(order.pk))
    except PaymentSpent:
        raise  # the method already gave the money back (or it was never taken)
    except Exception as error:
        if not payment.amount_debited:
            raise
        raise _give_back(method, payment, submission, error) from error
    return order


def dong(amount) -> str:
    """285000 → "285.000" (amounts in the buyer's messages)."""
    return f"{whole_dong(amount):,}".replace(",", ".")


def _give_back(method: PaymentMethod, payment: PaymentResult, submission: OrderSubmission,
               error: Exception) -> Exception:
    """Refund a payment whose order could not be placed; the error to show, saying
    what happens to the money the way this method pays it back (a card or VNPay
    refund, a transfer the operators send back). The buyer is emailed once the
    refund went through."""
    order_number = submission.number
    reason = error if isinstance(error, UnableToPlaceOrder) else _("We could not place your order.")
    try:
        method.undo_payment(payment, order_number)
    except Exception:
        logger.exception("Order #%s: refund after failed placement failed", order_number)
        return RefundedPlacementFailed(f"{reason} {method.not_given_back_message(payment.reference)}")
    notify_payment_refunded(method, order_number, payment.amount_debited, submission.email, submission.language,
                            reason=str(reason))
    return RefundedPlacementFailed(f"{reason} {method.given_back_message(dong(payment.amount_debited))}")


def release_payment(method: PaymentMethod, order_number: str, details: Mapping[str, str], *, email: str,
                    language: str, reason: str) -> str | None:
    """The order cannot be placed (the basket is no longer valid when the buyer
    comes back from paying): give back what the gateway took for it. What to tell
    the buyer about their money, or None when no money was taken."""
    try:
        amount = method.release_payment(order_number, **details)
    except RefundFailed:
        logger.exception("Order #%s: refund of a payment for an invalid basket failed", order_number)
        return method.not_given_back_message(order_number)
    if amount is None:
        return None
    notify_payment_refunded(method, order_number, amount, email, language, reason=reason)
    return method.given_back_message(dong(amount))


def notify_payment_refunded(method: PaymentMethod, order_number: str, amount, email: str, language: str, *,
                            reason: str) -> None:
    """After commit: email the buyer (in their language) that the payment for an
    order that could not be placed went back through ``method``."""
    if not email:
        return
    transaction.on_commit(lambda: send_payment_refunded_email(
        email=email, language=language, order_number=order_number, amount=whole_dong(amount),
        method_code=method.code, reason=reason))


def _write_order(submission: OrderSubmission, method: PaymentMethod, payment: PaymentResult) -> Order:
    user = submission.user
    order = OrderCreator().place_order(
        basket=submission.basket,
        total=submission.total,
        shipping_method=submission.shipping_method,
        shipping_charge=submission.shipping_charge,
        user=user,
        shipping_address=_save_address(user, submission.shipping_address),
        billing_address=_save_address(user, submission.billing_address),
        order_number=submission.number,
        request=submission.request,
        surcharges=submission.surcharges,
        payment_method=method.code,
        payment_status=payment.payment_status,
        language=submission.language,
        **submission.order_fields,
    )
    _record_payment(order, payment)
    submission.basket.submit()
    return order


def _save_address(user, address):
    """Save an order's address and count it in a signed-in buyer's address book
    (Oscar's ``OrderPlacementMixin.create_shipping_address``)."""
    if address is None:
        return None
    address.save()
    if user.is_authenticated:
        book_entry = user.addresses.filter(hash=address.generate_hash()).first()
        if book_entry is None:
            book_entry = UserAddress(user=user)
            address.populate_alternative_model(book_entry)
        if isinstance(address, ShippingAddress):
            book_entry.num_orders_as_shipping_address += 1
        else:
            book_entry.num_orders_as_billing_address += 1
        book_entry.save()
    return address


def _record_payment(order: Order, payment: PaymentResult) -> None:
    """The order's payment source and events, as Oscar's dashboard shows them."""
    # Looked up by its unique code: concurrent first orders then race safely
    # (get_or_create retries the read after an IntegrityError), where a lookup
    # by name would let AutoSlugField mint "cash-on-delivery-2".
    source_type, _created = SourceType._default_manager.get_or_create(
        code=slugify(payment.source_type), defaults={"name": payment.source_type}
    )
    Source._default_manager.create(
        order=order, source_type=source_type, currency=order.currency,
        amount_allocated=payment.amount_allocated, amount_debited=payment.amount_debited,
        reference=payment.reference,
    )
    if not payment.events:
        return
    lines = list(order.lines.all())
    for name, amount, reference in payment.events:
        event_type, _created = PaymentEventType._default_manager.get_or_create(name=name)
        event = PaymentEvent._default_manager.create(
            order=order, event_type=event_type, amount=Decimal(amount), reference=reference
        )
        PaymentEventQuantity._default_manager.bulk_create(
            PaymentEventQuantity(event=event, line=line, quantity=line.quantity) for line in lines
        )
