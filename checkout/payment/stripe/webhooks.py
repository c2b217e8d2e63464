"""Stripe webhook: ``/checkout/stripe/webhook/``.

The signature is checked on the raw body with ``STRIPE_WEBHOOK_SECRET``
(``stripe.WebhookSignature.verify_header``, the check ``Webhook.construct_event``
makes, which also rejects stale timestamps); a signed body that is not an event
with an ``id``, a ``type`` and a ``data.object`` answers 400, as does an event
whose object lacks a field its handler needs. Each event id is processed once
(Stripe retries and may deliver twice); each handled event becomes an Oscar
PaymentEvent on its order. Handlers change an order's payment status with one
conditional UPDATE each, so events arriving late, twice or at the same time
never move a (partially) refunded order back to paid.
"""

import enum
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import models, transaction
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oscar.core.loading import get_model

from checkout.payment.base import SourceTypeName
from checkout.payment.stripe.models import ProcessedStripeEvent
from checkout.payment.stripe.refunds import schedule_unplaced_refund
from marketplace.order.statuses import PaymentStatus

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
PaymentEventType = get_model("order", "PaymentEventType")

logger = logging.getLogger(__name__)


class EventType(enum.StrEnum):
    """The Stripe events the shop handles (configure these on the endpoint)."""

    PAYMENT_INTENT_SUCCEEDED = "payment_intent.succeeded"
    PAYMENT_INTENT_FAILED = "payment_intent.payment_failed"
    CHARGE_REFUNDED = "charge.refunded"


class StripePaymentEvent(models.TextChoices):
    """Names of the PaymentEvents the webhook records on orders."""

    SUCCEEDED = "Stripe: payment succeeded"
    FAILED = "Stripe: payment failed"
    REFUNDED = "Stripe: refunded"


class MalformedEvent(ValueError):
    """A correctly signed body that is not an event the shop can read."""


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    #: ``data.object``: the PaymentIntent, Charge, … the event is about.
    object: dict

    @classmethod
    def parse(cls, payload: bytes) -> "Event":
        try:
            data = json.loads(payload)
        except ValueError as error:
            raise MalformedEvent(f"not JSON: {error}") from None
        if not isinstance(data, dict):
            raise MalformedEvent("an event is a JSON object")
        event_id = value_of(data, "id", str)
        event_type = value_of(data, "type", str)
        body = data.get("data")
        if not isinstance(body, dict) or not isinstance(body.get("object"), dict):
            raise MalformedEvent("data.object must be an object")
        if not event_id or len(event_id) > 255 or not event_type or len(event_type) > 64:
            raise MalformedEvent("id or type is empty or too long")
        return cls(id=event_id, type=event_type, object=body["object"])


def value_of(obj: dict, name: str, kind: type, *, required: bool = True):
    """``obj[name]`` if it is a ``kind`` (or missing, when not required), else MalformedEvent."""
    value = obj.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, kind) or isinstance(value, bool):
        raise MalformedEvent(f"{name} must be a {kind.__name__}")
    return value


def order_for_intent(intent_id: str | None):
    if not intent_id:
        return None
    source = (
        Source._default_manager.select_related("order")
        .filter(reference=intent_id, source_type__name=SourceTypeName.STRIPE_CARD).first()
    )
    return source.order if source else None


def record_event(order, name: str, amount: int, reference: str) -> None:
    event_type, _ = PaymentEventType._default_manager.get_or_create(name=name)
    order.payment_events.create(event_type=event_type, amount=Decimal(amount), reference=reference)


def payment_intent_succeeded(intent: dict) -> None:
    intent_id = value_of(intent, "id", str)
    amount = value_of(intent, "amount_received", int, required=False) or value_of(intent, "amount", int)
    order = order_for_intent(intent_id)
    if order is None:
        # The buyer's browser places the order, usually just after this event. If it
        # never does (tab closed during the card check), the money is refunded once
        # the grace period is over, unless an order claimed it meanwhile.
        logger.info("Stripe: PaymentIntent %s succeeded before its order was placed", intent_id)
        transaction.on_commit(lambda: schedule_unplaced_refund(intent_id))
        return
    record_event(order, StripePaymentEvent.SUCCEEDED, amount, intent_id)
    # Paid unless refunded: the condition is evaluated on the row as it is when the
    # UPDATE runs (PostgreSQL re-checks it after waiting for a concurrent refund's
    # lock), never on a status read earlier.
    Order._default_manager.filter(pk=order.pk).exclude(
        payment_status__in=(PaymentStatus.REFUNDED, PaymentStatus.PARTIALLY_REFUNDED)
    ).update(payment_status=PaymentStatus.PAID)


def payment_intent_payment_failed(intent: dict) -> None:
    intent_id = value_of(intent, "id", str)
    amount = value_of(intent, "amount", int)
    order = order_for_intent(intent_id)
    if order is None:
        return  # a failed attempt before placement: the buyer was told on the page
    record_event(order, StripePaymentEvent.FAILED, amount, intent_id)


def charge_refunded(charge: dict) -> None:
    charge_id = value_of(charge, "id", str)
    amount = value_of(charge, "amount", int)
    refunded = value_of(charge, "amount_refunded", int)
    order = order_for_intent(value_of(charge, "payment_intent", str, required=False))
    if order is None:
        return
    record_event(order, StripePaymentEvent.REFUNDED, refunded, charge_id)
    if refunded >= amount:
        # A refund is final, whatever the status was.
        Order._default_manager.filter(pk=order.pk).update(payment_status=PaymentStatus.REFUNDED)


HANDLERS: dict[str, Callable[[dict], None]] = {
    EventType.PAYMENT_INTENT_SUCCEEDED: payment_intent_succeeded,
    EventType.PAYMENT_INTENT_FAILED: payment_intent_payment_failed,
    EventType.CHARGE_REFUNDED: charge_refunded,
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
        stripe.WebhookSignature.verify_header(
            request.body, signature, secret, stripe.Webhook.DEFAULT_TOLERANCE
        )
        event = Event.parse(request.body)
    except stripe.SignatureVerificationError:
        return HttpResponseBadRequest("invalid signature")
    except ValueError as error:  # MalformedEvent, or a body that is not UTF-8
        return HttpResponseBadRequest(f"invalid payload: {error}")

    handler = HANDLERS.get(event.type)
    try:
        with transaction.atomic():
            # The id row and the handler's writes commit together: a crash mid-way
            # lets Stripe's retry run it again; a replay after success does nothing.
            _, created = ProcessedStripeEvent._default_manager.get_or_create(
                event_id=event.id, defaults={"type": event.type}
            )
            if not created:
                return HttpResponse("already processed")
            if handler:
                handler(event.object)
    except MalformedEvent as error:
        logger.warning("Stripe: event %s (%s) is malformed: %s", event.id, event.type, error)
        return HttpResponseBadRequest(f"invalid event: {error}")
    return HttpResponse("ok" if handler else "ignored")
