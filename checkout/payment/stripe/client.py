"""``StripeGateway``: a thin typed wrapper around ``stripe.StripeClient``.

Tests inject an HTTP client (``StripeGateway.http_client``), so nothing reaches
the network. VND is a zero-decimal currency for Stripe: ``amount=120000`` is
120.000 ₫, never multiplied by 100. Every call that creates something carries an
idempotency key naming the business operation, so a retry never pays or refunds
twice.
"""

import enum
from dataclasses import dataclass

import stripe
from django.conf import settings


class IntentStatus(enum.StrEnum):
    """The PaymentIntent status the shop acts on (Stripe's value)."""

    SUCCEEDED = "succeeded"


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

    def refund_part(self, intent_id: str, *, amount: int, order_number: str, reason: str,
                    idempotency_key: str) -> str:
        """Refund ``amount`` đồng of a PaymentIntent (a cancelled line)."""
        obj = self.client.v1.refunds.create(
            params={"payment_intent": intent_id, "amount": amount,
                    "metadata": {"order_number": order_number, "reason": reason[:500]}},
            options={"idempotency_key": idempotency_key},
        )
        return obj["id"]

    def refund(self, intent_id: str, *, order_number: str) -> str:
        obj = self.client.v1.refunds.create(
            params={"payment_intent": intent_id, "metadata": {"order_number": order_number}},
            options={"idempotency_key": f"refund-{order_number}-{intent_id}"},
        )
        return obj["id"]
