"""Checkout state kept in the database: Stripe events already handled."""

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
        verbose_name = _("processed Stripe event")
        verbose_name_plural = _("processed Stripe events")

    def __str__(self) -> str:
        return f"{self.event_id} ({self.type})"


from oscar.apps.checkout.models import *  # noqa: E402,F401,F403
