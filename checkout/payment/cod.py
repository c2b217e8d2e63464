from django.utils.translation import gettext_lazy as _

from checkout.payment.base import (
    PaymentMethod,
    PaymentResult,
    SourceTypeName,
    refund_due,
    whole_dong,
)
from marketplace.order.statuses import PaymentEventName, PaymentStatus


class CashOnDelivery(PaymentMethod):
    """Cash on delivery, always offered: nothing is taken now; the courier collects
    the order total and the order waits as "to be paid on delivery"."""

    code = "cod"
    name = _("Cash on delivery")
    description = _("Pay the courier in cash when your order arrives.")
    instructions_template = "checkout/payment/cod/instructions.html"
    instructions_text_template = "checkout/payment/cod/instructions.txt"

    def take_payment(self, order_number, total, **details):
        amount = total.incl_tax
        return PaymentResult(
            source_type=SourceTypeName.CASH_ON_DELIVERY,
            amount_allocated=amount,
            payment_status=PaymentStatus.AWAITING_COD,
            events=[(PaymentEventName.AWAITING_COD, amount, order_number)],
        )

    def instructions(self, order):
        return {"cod_amount": whole_dong(order.total_incl_tax)}

    def refund(self, order, amount, *, reason, idempotency_key):
        # Asked only once the courier's cash was recorded (``mark_paid``): the money
        # is in hand and a person gives it back. Before that nothing was taken.
        return refund_due(amount, idempotency_key)
