"""Region pages: one per province that has OCOP products, in every language."""

from django.db import transaction
from oscar.core.loading import get_model

from cms.models import RegionIndexPage, RegionPage, sellable_products
from cms.sections import content_locales, publish, slug_for, translation_of

Province = get_model("regions", "Province")


@transaction.atomic
def ensure_region_pages(stdout=None) -> list[RegionPage]:
    """Create a published region page (and its translations) for every province
    that has sellable products and no page yet. Existing pages are left as their
    editors wrote them. Returns the pages created, in the default language."""
    locales = content_locales()
    default = locales[0]
    index = RegionIndexPage.objects.filter(locale=default).first()
    if index is None:
        return []
    covered = RegionPage.objects.filter(locale=default).values("province")
    provinces = (
        Province.objects.filter(pk__in=sellable_products().values("producer__province"))
        .exclude(pk__in=covered)
        .order_by("short_name")
    )
    created = []
    for province in provinces:
        count = sellable_products().filter(producer__province=province).count()
        page = RegionPage(
            title=province.short_name,
            slug=slug_for(province.short_name),
            province=province,
            intro=f"{count} sản phẩm OCOP được chứng nhận của {province.name} đang bán trên Chợ OCOP.",
        )
        index.add_child(instance=page)
        publish(page)
        for locale in locales[1:]:
            translation_of(
                page, locale,
                intro=f"{count} certified OCOP products from {province.name} on sale at Chợ OCOP.",
            )
        created.append(page)
        if stdout is not None:
            stdout.write(f"  region page created: {province.name}\n")
    return created
