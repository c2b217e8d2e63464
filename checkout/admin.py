from checkout.payment.stripe import admin  # noqa: F401  (registers Stripe's card payment outcomes)
from checkout.payment.vnpay import admin as vnpay_admin  # noqa: F401  (VNPay payments and refunds)
