"""The checkout's session data: Oscar's, plus what a payment needs between the
preview page and the place-order request. Oscar's ``CheckoutSessionMixin``
loads this class (``get_class("checkout.utils", "CheckoutSessionData")``)."""

from oscar.apps.checkout.utils import CheckoutSessionData as OscarCheckoutSessionData


class CheckoutSessionData(OscarCheckoutSessionData):
    # The payment method's code: Oscar's pay_by() and payment_method().

    def payment_attempt(self) -> int:
        """How many payments this checkout has started and given up: a gateway
        payment that was refunded or left for the operators cannot be used again,
        so the next one must be a new one (e.g. a new Stripe idempotency key)."""
        return self._get("payment", "attempt", 0)

    def start_new_payment_attempt(self) -> int:
        attempt = self.payment_attempt() + 1
        self._set("payment", "attempt", attempt)
        return attempt

    def payment_reference(self) -> str | None:
        """The gateway's id of the payment this session started (a Stripe
        PaymentIntent): only that payment may pay for this checkout's order."""
        return self._get("payment", "reference")

    def set_payment_reference(self, reference: str) -> None:
        self._set("payment", "reference", reference)

    # Click and collect: the code of the sales point the buyer collects at. The
    # shipping repository offers only that point's method while it is set.

    def collect_at(self, code: str) -> None:
        self._set("shipping", "sales_point", code)

    def collection_point_code(self) -> str | None:
        return self._get("shipping", "sales_point")

    def deliver_home(self) -> None:
        self._unset("shipping", "sales_point")
