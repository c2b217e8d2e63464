"""The catalogue's fixed structure: one top-level category per OCOP group and the
two product classes (goods that ship, services that don't). Idempotent, so the
import, the demo loader and tests can all call it."""

from django.db import transaction
from oscar.core.loading import get_model

from catalogue.groups import GROUPS, GROUPS_BY_CODE

Category = get_model("catalogue", "Category")
ProductClass = get_model("catalogue", "ProductClass")

GOODS_CLASS_SLUG = "ocop-goods"
SERVICE_CLASS_SLUG = "ocop-service"


@transaction.atomic
def ensure_groups() -> dict[str, "Category"]:
    """Return {group code: Category}, creating or renaming the six group categories."""
    existing = {c.group_code: c for c in Category.objects.filter(depth=1).exclude(group_code="")}
    result = {}
    for group in GROUPS:
        category = existing.get(group.code)
        if category is None:
            category = Category.add_root(
                name=group.name_vi, name_en=group.name_en, group_code=group.code
            )
        elif (category.name, category.name_en) != (group.name_vi, group.name_en):
            category.name, category.name_en = group.name_vi, group.name_en
            category.save()
        result[group.code] = category
    return result


def ensure_product_classes() -> dict[str, "ProductClass"]:
    goods, _ = ProductClass.objects.get_or_create(
        slug=GOODS_CLASS_SLUG,
        defaults={"name": "Sản phẩm OCOP", "requires_shipping": True, "track_stock": True},
    )
    service, _ = ProductClass.objects.get_or_create(
        slug=SERVICE_CLASS_SLUG,
        defaults={"name": "Dịch vụ du lịch OCOP", "requires_shipping": False, "track_stock": True},
    )
    return {GOODS_CLASS_SLUG: goods, SERVICE_CLASS_SLUG: service}


def product_class_for_group(code: str) -> "ProductClass":
    classes = ensure_product_classes()
    group = GROUPS_BY_CODE[code]
    return classes[GOODS_CLASS_SLUG if group.requires_shipping else SERVICE_CLASS_SLUG]
