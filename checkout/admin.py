from checkout.payment.stripe import admin  # noqa: F401  (registers Stripe's card payment outcomes)
