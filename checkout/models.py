"""Checkout models: Stripe's bookkeeping, defined in its package
(``checkout.payment.stripe.models``), and Oscar's (none today)."""

from oscar.apps.checkout.models import *  # noqa: F401,F403

from checkout.payment.stripe.models import ProcessedStripeEvent, StripeIntentOutcome  # noqa: F401
