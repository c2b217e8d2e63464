"""International cards through Stripe (for tourists), all in this package:

- ``client``: ``StripeGateway``, the thin typed wrapper around ``stripe.StripeClient``
- ``method``: ``StripeCard``, the payment method the checkout talks to
- ``webhooks``: ``/checkout/stripe/webhook/``, one handler per event type
- ``refunds``: the delayed refund of a payment no order claimed
- ``models``: events already handled, what became of each PaymentIntent
  (app label ``checkout``: ``checkout/models.py`` imports them)

Nothing is imported here, so ``checkout.models`` can load the models before the
app registry is ready.
"""
