"""Stripe webhook: ``/checkout/stripe/webhook/``.

Signature checked on the raw body with ``STRIPE_WEBHOOK_SECRET`` (Stripe's own
``construct_event``, which also rejects stale timestamps); each event id is
processed once (Stripe retries and may deliver twice); each handled event becomes
an Oscar PaymentEvent on its order.
"""

import logging
from collections.abc import Callable
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from checkout.payment.stripe_card import schedule_unplaced_refund

ProcessedStripeEvent = get_model("checkout", "ProcessedStripeEvent")
Order = get_model("order", "Order")
Source = get_model("payment", "Source")
PaymentEventType = get_model("order", "PaymentEventType")

logger = logging.getLogger(__name__)


def order_for_intent(intent_id: str | None):
    if not intent_id:
        return None
    source = (
        Source._default_manager.select_related("order")
        .filter(reference=intent_id, source_type__name="Stripe card").first()
    )
    return source.order if source else None


def record_event(order, name: str, amount: int, reference: str) -> None:
    event_type, _ = PaymentEventType._default_manager.get_or_create(name=name)
    order.payment_events.create(event_type=event_type, amount=Decimal(amount), reference=reference)


def payment_intent_succeeded(intent) -> None:
    order = order_for_intent(intent["id"])
    if order is None:
        # The buyer's browser places the order, usually just after this event. If it
        # never does (tab closed during the card check), the money is refunded once
        # the grace period is over, unless an order claimed it meanwhile.
        intent_id = intent["id"]
        logger.info("Stripe: PaymentIntent %s succeeded before its order was placed", intent_id)
        transaction.on_commit(lambda: schedule_unplaced_refund(intent_id))
        return
    record_event(order, "Stripe: payment succeeded", intent["amount_received"] or intent["amount"], intent["id"])
    if order.payment_status != Order.PAYMENT_REFUNDED:
        Order._default_manager.filter(pk=order.pk).update(payment_status=Order.PAYMENT_PAID)


def payment_intent_payment_failed(intent) -> None:
    order = order_for_intent(intent["id"])
    if order is None:
        return  # a failed attempt before placement: the buyer was told on the page
    record_event(order, "Stripe: payment failed", intent["amount"], intent["id"])


def charge_refunded(charge) -> None:
    order = order_for_intent(charge.get("payment_intent"))
    if order is None:
        return
    refunded = int(charge["amount_refunded"])
    record_event(order, "Stripe: refunded", refunded, charge["id"])
    if refunded >= int(charge["amount"]):
        Order._default_manager.filter(pk=order.pk).update(payment_status=Order.PAYMENT_REFUNDED)


HANDLERS: dict[str, Callable] = {
    "payment_intent.succeeded": payment_intent_succeeded,
    "payment_intent.payment_failed": payment_intent_payment_failed,
    "charge.refunded": charge_refunded,
}


@csrf_exempt
@require_POST
def stripe_webhook(request):
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        return HttpResponseNotFound("Stripe is not configured")
    signature = request.headers.get("Stripe-Signature")
    if not signature:
        return HttpResponseBadRequest("missing Stripe-Signature")
    try:
        event = stripe.Webhook.construct_event(request.body, signature, secret)
    except ValueError:
        return HttpResponseBadRequest("invalid payload")
    except stripe.SignatureVerificationError:
        return HttpResponseBadRequest("invalid signature")

    handler = HANDLERS.get(event["type"])
    with transaction.atomic():
        # The id row and the handler's writes commit together: a crash mid-way
        # lets Stripe's retry run it again; a replay after success does nothing.
        _, created = ProcessedStripeEvent._default_manager.get_or_create(
            event_id=event["id"], defaults={"type": event["type"]}
        )
        if not created:
            return HttpResponse("already processed")
        if handler:
            handler(event["data"]["object"].to_dict(recursive=True))
    return HttpResponse("ok" if handler else "ignored")
