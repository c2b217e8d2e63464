"""International cards through Stripe (for tourists).

``StripeGateway`` is a thin typed wrapper around ``stripe.StripeClient`` so tests
inject an HTTP client and nothing reaches the network. VND is a zero-decimal
currency for Stripe: ``amount=120000`` is 120.000 ₫, never multiplied by 100.
The order is placed only after the server has re-fetched the PaymentIntent and
seen it succeed for exactly the order total.
"""

import datetime
import logging
from dataclasses import dataclass

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import default_task_backend, task
from oscar.apps.payment.exceptions import UnableToTakePayment
from oscar.core.loading import get_class, get_model

from checkout.payment.base import Order, PaymentMethod, PaymentResult, whole_dong

logger = logging.getLogger(__name__)

UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")
StripeIntentOutcome = get_model("checkout", "StripeIntentOutcome")


class PaymentAlreadyRefunded(UnableToPlaceOrder):
    """The buyer came back after the unplaced payment was refunded."""


@dataclass(frozen=True)
class Intent:
    id: str
    status: str
    amount: int
    currency: str
    client_secret: str
    metadata: dict


def _intent(obj) -> Intent:
    obj = obj.to_dict(recursive=True)
    return Intent(
        id=obj["id"], status=obj["status"], amount=int(obj["amount"]),
        currency=obj["currency"], client_secret=obj.get("client_secret") or "",
        metadata=dict(obj.get("metadata") or {}),
    )


class StripeGateway:
    #: Tests set an ``stripe.HTTPClient`` here; None means Stripe's default client.
    http_client: stripe.HTTPClient | None = None

    def __init__(self, api_key: str | None = None, http_client: stripe.HTTPClient | None = None):
        self.client = stripe.StripeClient(
            api_key or settings.STRIPE_SECRET_KEY,
            http_client=http_client or self.http_client,
            max_network_retries=2,
        )

    def create_intent(self, *, amount: int, order_number: str, basket_id: int, attempt: int = 0) -> Intent:
        # The idempotency key names the business operation: the same basket at the
        # same total gets the same PaymentIntent back however often the page loads;
        # after a refund the attempt number moves on, so the buyer can pay again.
        obj = self.client.v1.payment_intents.create(
            params={
                "amount": amount,
                "currency": "vnd",
                "automatic_payment_methods": {"enabled": True},
                "metadata": {"order_number": order_number, "basket_id": str(basket_id)},
                "description": f"Chợ OCOP order {order_number}",
            },
            options={"idempotency_key": f"pi-{order_number}-{amount}" + (f"-{attempt}" if attempt else "")},
        )
        return _intent(obj)

    def retrieve_intent(self, intent_id: str) -> Intent:
        return _intent(self.client.v1.payment_intents.retrieve(intent_id))

    def refund(self, intent_id: str, *, order_number: str) -> str:
        obj = self.client.v1.refunds.create(
            params={"payment_intent": intent_id, "metadata": {"order_number": order_number}},
            options={"idempotency_key": f"refund-{order_number}-{intent_id}"},
        )
        return obj["id"]


class StripeCard(PaymentMethod):
    code = "stripe"
    name = gettext_lazy("Card (Visa, Mastercard, …) via Stripe")
    description = gettext_lazy("For international cards. You pay now; the order is placed once the card is charged.")

    @classmethod
    def is_enabled(cls) -> bool:
        return bool(
            settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY and settings.STRIPE_WEBHOOK_SECRET
        )

    def prepare(self, *, order_number: str, basket_id: int, total, attempt: int = 0) -> Intent:
        return StripeGateway().create_intent(
            amount=whole_dong(total.incl_tax), order_number=str(order_number), basket_id=basket_id,
            attempt=attempt,
        )

    def take_payment(self, order_number, total, payment_intent_id: str | None = None, **kwargs):
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
            if intent.status == "succeeded" and intent.metadata.get("order_number") == order_number:
                StripeGateway().refund(intent.id, order_number=order_number)
                self.refunded = True
                raise UnableToTakePayment(
                    _("Your basket changed while you were paying, so the card payment was refunded. "
                      "Please check your basket and pay again.")
                )
            raise UnableToTakePayment(_("This card payment does not match your order. Please try again."))
        if intent.status != "succeeded":
            raise UnableToTakePayment(
                _("Your card has not been charged (payment status: %(status)s). Please try again.")
                % {"status": intent.status}
            )
        return PaymentResult(
            source_type="Stripe card",
            amount_allocated=total.incl_tax,
            amount_debited=total.incl_tax,
            reference=intent.id,
            payment_status=Order.PAYMENT_PAID,
            events=[("Paid", total.incl_tax, intent.id)],
        )

    def record_placement(self, result, order_number):
        try:
            with transaction.atomic():
                StripeIntentOutcome.objects.create(
                    intent_id=result.reference, outcome=StripeIntentOutcome.OUTCOME_PLACED,
                    order_number=str(order_number),
                )
        except IntegrityError:
            raise PaymentAlreadyRefunded(
                _("Your card payment was refunded because the order was not completed in time. "
                  "Nothing was ordered; please place your order again.")
            ) from None

    def undo_payment(self, result, order_number):
        refund_id = StripeGateway().refund(result.reference, order_number=order_number)
        logger.warning("Order #%s: placement failed after payment; refunded %s (%s)",
                       order_number, result.reference, refund_id)
        # The webhook's delayed refund then finds the payment settled.
        StripeIntentOutcome.objects.get_or_create(
            intent_id=result.reference,
            defaults={"outcome": StripeIntentOutcome.OUTCOME_REFUNDED, "order_number": str(order_number),
                      "refund_id": refund_id},
        )

    def instructions(self, order):
        return {"card_paid": whole_dong(order.total_incl_tax)}


def schedule_unplaced_refund(intent_id: str) -> bool:
    """After the grace period, refund this succeeded PaymentIntent unless an order
    was placed with it. Returns False when the task backend cannot defer work."""
    if not default_task_backend.supports_defer:
        logger.error("Stripe: PaymentIntent %s succeeded with no order, and the task backend cannot "
                     "schedule its refund (set TASKS_BACKEND to django_tasks_db.DatabaseBackend)", intent_id)
        return False
    run_after = timezone.now() + datetime.timedelta(minutes=settings.STRIPE_UNPLACED_REFUND_MINUTES)
    refund_unplaced_payment.using(run_after=run_after).enqueue(intent_id)
    return True


@task()
def refund_unplaced_payment(intent_id: str) -> str:
    """Refund a succeeded card payment that no order claimed. Returns the outcome."""
    with transaction.atomic():
        outcome, created = StripeIntentOutcome.objects.get_or_create(
            intent_id=intent_id, defaults={"outcome": StripeIntentOutcome.OUTCOME_REFUNDED},
        )
    if not created:
        return outcome.outcome  # an order was placed with it, or it was refunded already
    gateway = StripeGateway()
    try:
        intent = gateway.retrieve_intent(intent_id)
        if intent.status != "succeeded":
            outcome.delete()
            return intent.status
        # Same idempotency key as a refund after a failed placement of the same
        # order: if both happen, Stripe makes one refund.
        order_number = intent.metadata.get("order_number", "")
        outcome.order_number = order_number
        outcome.refund_id = gateway.refund(intent_id, order_number=order_number)
    except Exception:
        # Free the claim: the buyer may still place the order; the task is recorded
        # as failed for the operators.
        outcome.delete()
        raise
    outcome.save(update_fields=["order_number", "refund_id"])
    logger.warning("Stripe: refunded PaymentIntent %s (%s): no order was placed within %d minutes",
                   intent_id, outcome.refund_id, settings.STRIPE_UNPLACED_REFUND_MINUTES)
    return outcome.outcome
