"""Stripe's bookkeeping in the database: events already handled, and what became
of each paid PaymentIntent. Models of the ``checkout`` app (its migrations)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessedStripeEvent(models.Model):
    """Stripe event ids already handled: Stripe delivers at-least-once and retries,
    so a replayed event must find its id here and change nothing."""

    #: Stripe's event id, ``evt_...``.
    event_id = models.CharField(_("event id"), max_length=255, primary_key=True)
    type = models.CharField(_("type"), max_length=64)
    processed_at = models.DateTimeField(_("processed at"), auto_now_add=True)

    class Meta:
        app_label = "checkout"
        verbose_name = _("processed Stripe event")
        verbose_name_plural = _("processed Stripe events")

    def __str__(self) -> str:
        return f"{self.event_id} ({self.type})"


class StripeIntentOutcome(models.Model):
    """What became of a card payment that succeeded: an order was placed with it, or
    it was refunded because no order was.

    The buyer's browser places the order after paying; if it never comes back (tab
    closed during the card check), the money would stay taken with no order. The
    webhook then schedules a refund after a grace period. One row per PaymentIntent,
    written by whichever comes first (the placement transaction or the refund), so a
    late placement never uses money already given back and the refund never touches
    a placed order."""

    class Outcome(models.TextChoices):
        PLACED = "placed", _("Order placed")
        REFUNDED = "refunded", _("Refunded, no order")

    #: Stripe's PaymentIntent id, ``pi_...``.
    intent_id = models.CharField(_("PaymentIntent"), max_length=255, primary_key=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    order_number = models.CharField(_("order number"), max_length=128, blank=True)
    #: Stripe's refund id, ``re_...``, once refunded.
    refund_id = models.CharField(_("refund"), max_length=255, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        app_label = "checkout"
        verbose_name = _("card payment outcome")
        verbose_name_plural = _("card payment outcomes")

    def __str__(self) -> str:
        return f"{self.intent_id}: {self.outcome}"
