"""Products shown beside a product on its page: similar ones from the same group
and region, and the producer's other products. Sellable only, as few queries as a
list page (``base_queryset`` prefetches what cards show)."""

from django.core.cache import cache
from oscar.core.loading import get_model

from catalogue.search.freshness import TIMEOUT_SECONDS, versioned_key

Product = get_model("catalogue", "Product")

#: How many products each strip shows.
STRIP_LIMIT = 4
#: Best rated first, then the newest.
ORDER = ("-rating", "-date_created", "pk")


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
    return list(others.distinct().order_by(*ORDER)[:limit])


def alternatives(product, limit: int = STRIP_LIMIT) -> list:
    """What to buy instead of a product that cannot be sold (certificate revoked
    or expired): sellable products of the same OCOP group from the same province,
    its producer's included."""
    others = _same_group_and_region(product)
    if others is None:
        return []
    return list(others.distinct().order_by(*ORDER)[:limit])


def producer_products(product, limit: int = STRIP_LIMIT) -> list:
    """The producer's other sellable products."""
    if product.producer_id is None:
        return []
    return list(
        _sellable_others(product)
        .filter(producer_id=product.producer_id)
        .order_by(*ORDER)[:limit]
    )


def _ids(products, limit: int) -> list[int]:
    return [] if products is None else list(products.values_list("pk", flat=True)[:limit])


def product_strips(product, limit: int = STRIP_LIMIT) -> dict[str, list]:
    """The product page's strips: ``related`` (``related_products``),
    ``alternatives`` (``alternatives``, only for a product that cannot be sold)
    and ``producer`` (``producer_products``).

    Which products each strip shows is shared by every buyer, so their ids are
    cached under the catalogue version (``freshness``: a change of price, stock,
    certificate or title anywhere makes them stale at commit); the products are
    then loaded fresh, all strips in one query set, and still sellable only."""
    sellable = product.is_sellable
    key = versioned_key("product-strips", product.pk, sellable, limit)
    ids = cache.get(key)
    if ids is None:
        same = _same_group_and_region(product)
        ids = {
            "related": _ids(
                None if same is None else same.exclude(producer_id=product.producer_id).distinct().order_by(*ORDER),
                limit,
            ),
            "alternatives": [] if sellable else _ids(None if same is None else same.distinct().order_by(*ORDER), limit),
            "producer": _ids(
                None if product.producer_id is None
                else _sellable_others(product).filter(producer_id=product.producer_id).order_by(*ORDER),
                limit,
            ),
        }
        cache.set(key, ids, TIMEOUT_SECONDS)
    wanted = {pk for pks in ids.values() for pk in pks}
    loaded = {}
    if wanted:
        loaded = {p.pk: p for p in Product.objects.browsable().base_queryset().sellable().filter(pk__in=wanted)}
    return {name: [loaded[pk] for pk in pks if pk in loaded] for name, pks in ids.items()}
