from django.utils.translation import gettext_lazy as _

from checkout.payment.base import Order, PaymentMethod, PaymentResult, whole_dong


class CashOnDelivery(PaymentMethod):
    """Cash on delivery, always offered: nothing is taken now; the courier collects
    the order total and the order waits as "to be paid on delivery"."""

    code = "cod"
    name = _("Cash on delivery")
    description = _("Pay the courier in cash when your order arrives.")

    def take_payment(self, order_number, total, **kwargs):
        amount = total.incl_tax
        return PaymentResult(
            source_type="Cash on delivery",
            amount_allocated=amount,
            payment_status=Order.PAYMENT_AWAITING_COD,
            events=[("Awaiting cash on delivery", amount, order_number)],
        )

    def instructions(self, order):
        return {"cod_amount": whole_dong(order.total_incl_tax)}
