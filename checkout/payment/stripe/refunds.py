"""The delayed refund of a card payment no order claimed.

The buyer's browser places the order after paying; if it never comes back (tab
closed during the card check), ``payment_intent.succeeded`` schedules this refund
after ``STRIPE_UNPLACED_REFUND_MINUTES``. Whichever writes the PaymentIntent's
``StripeIntentOutcome`` row first wins: the placement (the order keeps the money)
or this task (the money goes back and a late placement is refused).
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from checkout.payment.stripe.client import IntentStatus, StripeGateway
from checkout.payment.stripe.models import StripeIntentOutcome

logger = logging.getLogger(__name__)


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
            intent_id=intent_id, defaults={"outcome": StripeIntentOutcome.Outcome.REFUNDED},
        )
    if not created:
        return outcome.outcome  # an order was placed with it, or it was refunded already
    gateway = StripeGateway()
    try:
        intent = gateway.retrieve_intent(intent_id)
        if intent.status != IntentStatus.SUCCEEDED:
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
