from django.utils.translation import gettext_lazy as _

from checkout.payment.base import (
    PaymentMethod,
    PaymentResult,
    SourceTypeName,
    refund_due,
    whole_dong,
)
from marketplace.order.amounts import amount_due
from marketplace.order.statuses import PaymentEventName, PaymentStatus


class CashOnDelivery(PaymentMethod):
    """Cash on delivery, always offered: nothing is taken now; the courier collects
    the amount due (the order total, less any line cancelled before delivery) and
    the order waits as "to be paid on delivery"."""

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
        # The courier collects what is still due: lines cancelled before delivery
        # are not paid for (``amount_due``).
        amount = whole_dong(amount_due(order))
        if amount <= 0:
            return {"nothing_due": True}
        return {"cod_amount": amount}

    def refund(self, order, amount, *, reason, idempotency_key):
        # Asked only once the courier's cash was recorded (``mark_paid``): the money
        # is in hand and a person gives it back. Before that nothing was taken.
        return refund_due(amount, idempotency_key)
