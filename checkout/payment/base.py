from dataclasses import dataclass, field
from decimal import Decimal

from oscar.core.loading import get_model

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")


@dataclass
class PaymentResult:
    """What a method reports to the checkout once payment is settled or arranged:
    the Oscar payment source to record and the order's payment status."""

    source_type: str
    amount_allocated: Decimal
    payment_status: str
    amount_debited: Decimal = Decimal(0)
    reference: str = ""
    #: (event type name, amount, reference) for Oscar PaymentEvents on the order.
    events: list[tuple[str, Decimal, str]] = field(default_factory=list)


class PaymentMethod:
    #: Stored on the order (``Order.payment_method``) and posted by the payment form.
    code: str = ""
    name: str = ""
    description: str = ""

    @classmethod
    def is_enabled(cls) -> bool:
        return True

    def take_payment(self, order_number: str, total, **kwargs) -> PaymentResult:
        """Settle or arrange payment before the order is written. Raise Oscar's
        ``UnableToTakePayment`` (buyer-facing message) when it cannot."""
        raise NotImplementedError

    def record_placement(self, result: PaymentResult, order_number: str) -> None:
        """Called inside the placement transaction, before the order is written:
        claim the payment for this order, or raise Oscar's ``UnableToPlaceOrder``."""

    def undo_payment(self, result: PaymentResult, order_number: str) -> None:
        """Give the money back when the order could not be placed after
        ``take_payment`` succeeded. Methods that take no money do nothing."""

    def instructions(self, order) -> dict:
        """Template context telling the buyer how to pay (thank-you page, email)."""
        return {}


def whole_dong(amount) -> int:
    """VND has no minor unit: an amount in đồng as an exact integer."""
    value = Decimal(amount)
    if value != value.to_integral_value():
        raise ValueError(f"VND amounts are whole đồng, got {amount}")
    return int(value)
