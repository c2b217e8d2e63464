"""``StripeCard``: pay by card on the preview page with Stripe's Payment Element.

The page creates (or finds again, by idempotency key) a PaymentIntent for the
order total; Stripe.js confirms it in the browser, which then posts its id. The
order is placed only after the server has re-fetched the PaymentIntent and seen
it succeed for exactly the order total.
"""

import logging
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from checkout.payment.base import (
    PaymentMethod,
    PaymentResult,
    RefundedBeforePlacement,
    RefundedPlacementFailed,
    RefundFailed,
    RefundResult,
    SourceTypeName,
    UnableToTakePayment,
    whole_dong,
)
from checkout.payment.stripe.client import IntentStatus, StripeGateway
from checkout.payment.stripe.models import StripeIntentOutcome
from marketplace.order.statuses import PaymentEventName, PaymentStatus

logger = logging.getLogger(__name__)


class StripeCard(PaymentMethod):
    code = "stripe"
    name = gettext_lazy("Card (Visa, Mastercard, …) via Stripe")
    description = gettext_lazy("For international cards. You pay now; the order is placed once the card is charged.")
    place_order_template = "checkout/payment/stripe/place_order.html"
    instructions_template = "checkout/payment/stripe/instructions.html"
    instructions_text_template = "checkout/payment/stripe/instructions.txt"

    @classmethod
    def is_enabled(cls) -> bool:
        return bool(
            settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY and settings.STRIPE_WEBHOOK_SECRET
        )

    @classmethod
    def urls(cls):
        from checkout.payment.stripe.webhooks import stripe_webhook

        return [path("stripe/webhook/", stripe_webhook, name="stripe-webhook")]

    def preview_context(self, request, session, *, basket, order_number, total):
        try:
            intent = StripeGateway().create_intent(
                amount=whole_dong(total.incl_tax), order_number=str(order_number), basket_id=basket.id,
                attempt=session.payment_attempt(),
            )
        except stripe.StripeError:
            logger.exception("Basket #%s: cannot create a Stripe PaymentIntent", basket.id)
            return {"stripe_unavailable": True}
        session.set_payment_reference(intent.id)
        return {
            "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "stripe_client_secret": intent.client_secret,
            "stripe_return_url": request.build_absolute_uri(reverse("checkout:preview")),
        }

    def payment_details(self, request, session):
        # Posted by the page's script, or in the query string when Stripe sends the
        # buyer back after a redirect-based card check (3-D Secure). Only the
        # PaymentIntent this session created may pay for its order.
        intent_id = request.POST.get("payment_intent") or request.GET.get("payment_intent")
        return {"payment_intent_id": intent_id if intent_id == session.payment_reference() else None}

    def is_gateway_return(self, request):
        return bool(request.GET.get("payment_intent"))

    def take_payment(self, order_number, total, payment_intent_id: str | None = None, **details):
        if not payment_intent_id:
            raise UnableToTakePayment(_("Your card payment was not completed. Please try again."))
        try:
            intent = StripeGateway().retrieve_intent(payment_intent_id)
        except stripe.StripeError as error:
            logger.warning("Order #%s: cannot fetch PaymentIntent %s: %s", order_number, payment_intent_id, error)
            raise UnableToTakePayment(_("We could not confirm your card payment. No order was placed; please try again."))
        amount = whole_dong(total.incl_tax)
        order_number = str(order_number)  # Oscar's generator may hand out an int
        if intent.metadata.get("order_number") != order_number or intent.currency != "vnd" or intent.amount != amount:
            # The basket changed after the card was charged (or the id is someone
            # else's): never place an order for a different amount.
            if intent.status == IntentStatus.SUCCEEDED and intent.metadata.get("order_number") == order_number:
                refund_unplaced(intent.id, order_number)
                raise RefundedBeforePlacement(
                    _("Your basket changed while you were paying, so the card payment was refunded. "
                      "Please check your basket and pay again.")
                )
            raise UnableToTakePayment(_("This card payment does not match your order. Please try again."))
        if intent.status != IntentStatus.SUCCEEDED:
            raise UnableToTakePayment(
                _("Your card has not been charged (payment status: %(status)s). Please try again.")
                % {"status": intent.status}
            )
        return PaymentResult(
            source_type=SourceTypeName.STRIPE_CARD,
            amount_allocated=total.incl_tax,
            amount_debited=total.incl_tax,
            reference=intent.id,
            payment_status=PaymentStatus.PAID,
            events=[(PaymentEventName.PAID, total.incl_tax, intent.id)],
        )

    def claim_payment(self, result, order_number):
        try:
            with transaction.atomic():
                StripeIntentOutcome.objects.create(
                    intent_id=result.reference, outcome=StripeIntentOutcome.Outcome.PLACED,
                    order_number=str(order_number),
                )
        except IntegrityError:
            raise RefundedPlacementFailed(
                _("Your card payment was refunded because the order was not completed in time. "
                  "Nothing was ordered; please place your order again.")
            ) from None

    def refund_how(self):
        return _("Refunded to your card at once; your bank shows it within 5–10 days.")

    def given_back_message(self, amount):
        return _("Your card payment of %(amount)s ₫ has been refunded to your card; your bank shows it "
                 "within 5–10 days.") % {"amount": amount}

    def not_given_back_message(self, reference):
        return _("Your card was charged and we could not refund it automatically: our team has been alerted "
                 "and will refund you. Reference: %(ref)s") % {"ref": reference}

    def undo_payment(self, result, order_number):
        refund_unplaced(result.reference, order_number)

    def release_payment(self, order_number, payment_intent_id: str | None = None, **details):
        if not payment_intent_id:
            return None
        order_number = str(order_number)
        try:
            intent = StripeGateway().retrieve_intent(payment_intent_id)
            if (intent.status != IntentStatus.SUCCEEDED or intent.metadata.get("order_number") != order_number
                    or StripeIntentOutcome.objects.filter(intent_id=intent.id).exists()):
                return None  # not charged, not this order's, or already placed or refunded
            refund_unplaced(intent.id, order_number)
        except stripe.StripeError as error:
            logger.warning("Order #%s: cannot refund PaymentIntent %s: %s", order_number, payment_intent_id, error)
            raise RefundFailed(_("The card refund could not be made (%(error)s).")
                               % {"error": error.user_message or error.code or "-"}) from error
        return Decimal(intent.amount)

    def refund(self, order, amount, *, reason, idempotency_key):
        source = order.sources.filter(source_type__name=SourceTypeName.STRIPE_CARD).first()
        if source is None or not source.reference:
            raise RefundFailed(_("This order has no card payment to refund."))
        try:
            refund_id = StripeGateway().refund_part(
                source.reference, amount=whole_dong(amount), order_number=str(order.number),
                reason=reason, idempotency_key=idempotency_key,
            )
        except stripe.StripeError as error:
            logger.warning("Order #%s: Stripe refused the refund %s: %s", order.number, idempotency_key, error)
            raise RefundFailed(_("The card refund could not be made (%(error)s); nothing was cancelled. "
                                 "Please try again later.") % {"error": error.user_message or error.code or "-"})
        return RefundResult(amount=amount, settled=True, reference=refund_id)

    def instructions(self, order):
        return {"card_paid": whole_dong(order.total_incl_tax)}


def refund_unplaced(intent_id: str, order_number: str) -> None:
    """Refund a card payment the checkout could not place an order with, and
    record it: the webhook's delayed refund then finds the payment settled."""
    refund_id = StripeGateway().refund(intent_id, order_number=order_number)
    logger.warning("Order #%s: card payment %s refunded (%s): no order was placed with it",
                   order_number, intent_id, refund_id)
    StripeIntentOutcome.objects.get_or_create(
        intent_id=intent_id,
        defaults={"outcome": StripeIntentOutcome.Outcome.REFUNDED, "order_number": str(order_number),
                  "refund_id": refund_id},
    )
