"""Payment methods, one module each behind ``base.PaymentMethod``.

Each switches itself on from settings; ``available_methods()`` is what the
payment page offers, in this order."""

from checkout.payment.base import PaymentMethod
from checkout.payment.cod import CashOnDelivery
from checkout.payment.stripe_card import StripeCard
from checkout.payment.vietqr import VietQRTransfer

ALL_METHODS: list[type[PaymentMethod]] = [CashOnDelivery, VietQRTransfer, StripeCard]


def available_methods() -> list[PaymentMethod]:
    return [method() for method in ALL_METHODS if method.is_enabled()]


def get_method(code: str | None) -> PaymentMethod | None:
    for method in available_methods():
        if method.code == code:
            return method
    return None
