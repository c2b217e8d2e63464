from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.availability import *  # noqa: F401,F403
from oscar.apps.partner.availability import Unavailable


class NotCertified(Unavailable):
    """The product has no valid OCOP certificate today (expired, revoked or never
    certified): it may not be put in a basket or ordered, whatever the stock."""

    code = "not-certified"
    message = _("Not currently OCOP-certified")

    def is_purchase_permitted(self, quantity):
        return False, _(
            "This product is not currently OCOP-certified, so it cannot be bought."
        )
