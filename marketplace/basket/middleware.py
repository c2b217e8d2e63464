"""Oscar's basket middleware, with the basket's lines loaded once with everything
the strategy asks of them.

Oscar loads a basket's lines with their product and stock record only; pricing and
availability then ask, line by line, for the product's certificates (the sellable
rule), its product class (does it track stock?) and its producer, and count the
lines twice. On every page a signed-in buyer with a basket opens, that was four
queries per line. Here the lines come with all of it in a constant number of
queries, evaluated at once so that counting them costs nothing."""

from django.db.models import Prefetch
from oscar.apps.basket.middleware import BasketMiddleware as OscarBasketMiddleware
from oscar.core.loading import get_model

Certificate = get_model("catalogue", "Certificate")


def load_lines(basket):
    """The basket's lines, evaluated, with what pricing, availability and the
    basket summary read (Oscar's ``Basket.all_lines`` and more)."""
    lines = (
        basket.lines.select_related(
            "product__product_class", "product__producer__partner", "product__parent__product_class",
            "stockrecord",
        )
        .prefetch_related(
            "attributes",
            "product__images",
            "product__stockrecords",
            Prefetch(
                "product__certificates",
                queryset=Certificate.objects.select_related("decision").order_by("-valid_until", "-pk"),
            ),
        )
        .order_by("pk")
    )
    list(lines)  # fills the result cache: count() and iteration read it
    return lines


class BasketMiddleware(OscarBasketMiddleware):
    def apply_offers_to_basket(self, request, basket):
        if basket.id is not None:
            basket._lines = load_lines(basket)
        super().apply_offers_to_basket(request, basket)
