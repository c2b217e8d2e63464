"""Products shown beside a product on its page: similar ones from the same group
and region, and the producer's other products. Sellable only, as few queries as a
list page (``base_queryset`` prefetches what cards show)."""

from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")

#: How many products each strip shows.
STRIP_LIMIT = 4


def _sellable_others(product):
    return Product.objects.browsable().base_queryset().sellable().exclude(pk=product.pk)


def _same_group_and_region(product):
    """Sellable others of the product's OCOP group and province (None when it has neither)."""
    group = product.group
    if group is None or product.producer is None:
        return None
    return _sellable_others(product).filter(
        categories__group_code=group.code, producer__province_id=product.producer.province_id
    )


def related_products(product, limit: int = STRIP_LIMIT) -> list:
    """Sellable products of the same OCOP group from the same province, by other producers."""
    others = _same_group_and_region(product)
    if others is None:
        return []
    others = others.exclude(producer_id=product.producer_id)
    return list(others.distinct().order_by("-rating", "-date_created", "pk")[:limit])


def alternatives(product, limit: int = STRIP_LIMIT) -> list:
    """What to buy instead of a product that cannot be sold (certificate revoked
    or expired): sellable products of the same OCOP group from the same province,
    its producer's included."""
    others = _same_group_and_region(product)
    if others is None:
        return []
    return list(others.distinct().order_by("-rating", "-date_created", "pk")[:limit])


def producer_products(product, limit: int = STRIP_LIMIT) -> list:
    """The producer's other sellable products."""
    if product.producer_id is None:
        return []
    return list(
        _sellable_others(product)
        .filter(producer_id=product.producer_id)
        .order_by("-rating", "-date_created", "pk")[:limit]
    )
