from django.utils.translation import gettext as _
from oscar.apps.order.utils import *  # noqa: F401,F403
from oscar.apps.order.utils import OrderCreator as OscarOrderCreator
from oscar.core.loading import get_model

from marketplace.order.exceptions import ProductNotCertified

Product = get_model("catalogue", "Product")


class OrderCreator(OscarOrderCreator):
    def create_line_models(self, order, basket_line, extra_line_fields=None):
        # Re-check against the database inside the placement transaction: the basket
        # may be hours old and the certificate may have expired or been revoked.
        if not Product._default_manager.sellable().filter(pk=basket_line.product_id).exists():
            raise ProductNotCertified(
                _("“%(title)s” is no longer OCOP-certified and cannot be ordered. "
                  "Please remove it from your basket.")
                % {"title": basket_line.product.get_title()}
            )
        return super().create_line_models(order, basket_line, extra_line_fields)
