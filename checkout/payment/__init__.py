"""Payment methods, one module (or package) each behind ``base.PaymentMethod``.

Each switches itself on from settings; ``available_methods()`` is what the
payment page offers, in the order of ``METHODS``. Adding a method is a new module
and one line here: the checkout view and the placement service only use the
interface.

The classes are imported when first asked for, not with this package:
``checkout.models`` imports the Stripe models from inside it while the app
registry is still loading.
"""

from functools import cache
from typing import TYPE_CHECKING

from django.urls import URLPattern
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from checkout.payment.base import PaymentMethod

METHODS = [
    "checkout.payment.cod.CashOnDelivery",
    "checkout.payment.vietqr.VietQRTransfer",
    "checkout.payment.vnpay.method.VnpayPayment",
    "checkout.payment.stripe.method.StripeCard",
]


@cache
def method_classes() -> list[type["PaymentMethod"]]:
    return [import_string(path) for path in METHODS]


def available_methods() -> list["PaymentMethod"]:
    return [method() for method in method_classes() if method.is_enabled()]


def get_method(code: str | None) -> "PaymentMethod | None":
    """The switched-on method with this code, or None."""
    for method in available_methods():
        if method.code == code:
            return method
    return None


def method_for_order(order) -> "PaymentMethod | None":
    """The method an order was paid with, switched on or not (a refund must still
    reach it after the shop stops offering it)."""
    for method in method_classes():
        if method.code == order.payment_method:
            return method()
    return None


def payment_urls() -> list[URLPattern]:
    """Every method's gateway URLs (webhooks, notifications) for ``/checkout/``."""
    return [url for method in method_classes() for url in method.urls()]
