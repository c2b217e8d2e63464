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

from marketplace.order.statuses import OrderStatus

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


def payment_instructions(order) -> dict:
    """Context for the payment instructions block
    (``oscar/checkout/partials/payment_instructions.html``): the order's method and
    its ``instructions(order)``, or {} when the method is unknown or switched off
    (its bank account, say, is no longer configured: nothing true to show)."""
    method = get_method(order.payment_method)
    if method is None:
        return {}
    return {"payment_method": method, **method.instructions(order)}


def payment_instructions_due(order) -> dict:
    """``payment_instructions`` while the buyer still has to pay this order by their
    own action (its status is in the method's ``instructions_while``), for their
    order page; {} once it is paid, refunded or failed, or the order is cancelled
    (all its lines cancelled before the money came: nothing is to be paid, the
    method's ``instructions`` say ``nothing_due``)."""
    method = get_method(order.payment_method)
    if method is None or order.payment_status not in method.instructions_while:
        return {}
    if order.status == OrderStatus.CANCELLED:
        return {}
    instructions = payment_instructions(order)
    return {} if instructions.get("nothing_due") else instructions


def payment_urls() -> list[URLPattern]:
    """Every method's gateway URLs (webhooks, notifications) for ``/checkout/``."""
    return [url for method in method_classes() for url in method.urls()]
