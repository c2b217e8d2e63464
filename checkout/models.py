"""Checkout models: the gateways' bookkeeping, defined in their packages
(``checkout.payment.stripe.models``, ``checkout.payment.vnpay.models``), and
Oscar's (none today)."""

from oscar.apps.checkout.models import *  # noqa: F401,F403

from checkout.payment.stripe.models import ProcessedStripeEvent, StripeIntentOutcome  # noqa: F401
from checkout.payment.vnpay.models import VnpayRefund, VnpayTransaction  # noqa: F401
from checkout.reconciliation.models import BankStatement, StatementLine  # noqa: F401
