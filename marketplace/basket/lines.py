"""A basket's lines loaded once with everything pricing, availability and the
certificate re-check read of them.

Oscar loads a basket's lines with their product and stock record only; pricing and
availability then ask, line by line, for the product's certificates (the sellable
rule), its product class (does it track stock?), its producer and its stock
records, and placement asks each line's partner. Here the lines come with all of
it in a constant number of queries, evaluated at once so that counting them costs
nothing."""

from django.db.models import Prefetch
from oscar.core.loading import get_model

Certificate = get_model("catalogue", "Certificate")


def load_lines(basket, *, for_display: bool = True):
    """The basket's lines, evaluated (Oscar's ``Basket.all_lines`` and more);
    ``for_display`` adds the products' images (the basket summary shows them)."""
    prefetches = [
        "attributes__option",
        "product__stockrecords",
        "product__categories",  # the OCOP group: the commission in force at placement
        Prefetch(
            "product__certificates",
            queryset=Certificate.objects.select_related("decision").order_by("-valid_until", "-pk"),
        ),
    ]
    if for_display:
        prefetches.append("product__images")
    lines = (
        basket.lines.select_related(
            "product__product_class", "product__producer__partner", "product__parent__product_class",
            "stockrecord__partner",
        )
        .prefetch_related(*prefetches)
        .order_by("pk")
    )
    list(lines)  # fills the result cache: count() and iteration read it
    return lines
