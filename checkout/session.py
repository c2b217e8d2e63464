from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.checkout.exceptions import FailedPreCondition
from oscar.apps.checkout.session import CheckoutSessionMixin as OscarCheckoutSessionMixin

from checkout.payment import get_method


class CheckoutSessionMixin(OscarCheckoutSessionMixin):
    def payment_method(self):
        """The payment method the buyer chose, if it is (still) switched on."""
        return get_method(self.checkout_session.payment_method())

    def check_payment_data_is_captured(self, request):
        # The preview needs a payment method that is (still) switched on.
        if not self.payment_method():
            raise FailedPreCondition(
                url=reverse("checkout:payment-details"),
                message=_("Please choose how you would like to pay."),
            )

    def skip_unless_payment_is_required(self, request):
        # Every order chooses a payment method, even cash on delivery.
        return None
