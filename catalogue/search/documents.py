"""What a product looks like to search: one plain dict per listable product,
built in batches with a fixed number of queries, and used by both backends (the
database table row and the Elasticsearch document come from the same dict, so
the two cannot drift apart).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from oscar.core.loading import get_model

from catalogue import certification
from catalogue.certification import MIN_CERTIFIED_STAR
from catalogue.groups import GROUPS_BY_CODE
from catalogue.search.text import nfc

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Certificate = get_model("catalogue", "Certificate")
StockRecord = get_model("partner", "StockRecord")
RegionAlias = get_model("regions", "RegionAlias")

BATCH_SIZE = 500


@dataclass
class ProductDocument:
    product_id: int
    sku: str
    title: str
    title_en: str
    description: str
    description_en: str
    producer_name: str
    producer_kind: str
    province: str
    province_name: str
    ward: str
    ward_name: str
    #: Current names and every old name (province, district, ward) of the unit.
    region_names: list[str]
    group: str
    group_names: list[str]
    category_ids: list[int]
    price: int | None
    in_stock: bool
    #: {star: latest valid-until among active certificates of that star}
    until: dict[int, datetime.date]
    latitude: float | None
    longitude: float | None
    date_created: datetime.datetime

    @property
    def valid_until(self) -> datetime.date:
        return max(self.until.values())

    def star_on(self, day: datetime.date) -> int:
        valid = [star for star, until in self.until.items() if until >= day]
        return max(valid, default=0)

    @property
    def title_text(self) -> str:
        return " ".join(part for part in (self.title, self.title_en) if part)

    @property
    def search_text(self) -> str:
        """Everything a buyer may type to find the product."""
        parts = [
            self.title,
            self.title_en,
            self.producer_name,
            *self.region_names,
            *self.group_names,
            self.description,
            self.description_en,
        ]
        return " ".join(nfc(part) for part in parts if part)


def listable_products():
    """Products that belong in the search index: browsable, with an active
    certificate of 3★+ not yet expired. Expiry after indexing is applied at query
    time; revocation reindexes the product, which removes it."""
    valid = Certificate.objects.filter(
        status=Certificate.STATUS_ACTIVE,
        star__gte=MIN_CERTIFIED_STAR,
        valid_until__gte=certification.today(),
    )
    return Product.objects.browsable().filter(pk__in=valid.values("product_id"))


def iter_documents(
    product_ids: Iterable[int] | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[ProductDocument]:
    """Documents of the listable products (all, or those among ``product_ids``),
    in primary-key order; seven queries per batch whatever its size."""
    queryset = listable_products().order_by("pk")
    if product_ids is not None:
        queryset = queryset.filter(pk__in=list(product_ids))
    roots = _group_roots()
    ids = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        yield from _build_batch(batch, roots)


def _group_roots() -> dict[str, str]:
    """Tree path of each top-level group category → its group code."""
    return dict(
        Category.objects.filter(depth=1).exclude(group_code="").values_list("path", "group_code")
    )


def _build_batch(ids: list[int], roots: dict[str, str]) -> list[ProductDocument]:
    on = certification.today()
    products = list(
        Product.objects.filter(pk__in=ids)
        .select_related("producer__province", "producer__ward")
        .prefetch_related(
            Prefetch("stockrecords", queryset=StockRecord.objects.order_by("pk")),
            Prefetch(
                "categories", queryset=Category.objects.only("pk", "path", "depth", "group_code")
            ),
            Prefetch(
                "certificates",
                queryset=Certificate.objects.filter(
                    status=Certificate.STATUS_ACTIVE, star__gte=MIN_CERTIFIED_STAR
                ).only("pk", "product_id", "star", "valid_until", "status"),
            ),
        )
        .order_by("pk")
    )
    aliases = _aliases_for(products)
    ancestor_ids = _ancestor_ids([c for p in products for c in p.categories.all()])
    documents = []
    for product in products:
        producer = product.producer
        province = producer.province if producer else None
        ward = producer.ward if producer else None
        until: dict[int, datetime.date] = {}
        for certificate in product.certificates.all():
            if certificate.valid_until >= on:
                until[certificate.star] = max(
                    until.get(certificate.star, certificate.valid_until), certificate.valid_until
                )
        if not until:
            continue
        stockrecord = next(iter(product.stockrecords.all()), None)
        group = ""
        category_ids: set[int] = set()
        for category in product.categories.all():
            category_ids.add(category.pk)
            category_ids.update(ancestor_ids.get(category.path, ()))
            group = group or category.group_code or roots.get(category.path[: Category.steplen], "")
        group_info = GROUPS_BY_CODE.get(group)
        region_names = []
        if province:
            region_names += [province.name, province.short_name]
            region_names += aliases.get(("province", province.pk), [])
        if ward:
            region_names += [ward.name, ward.short_name]
            region_names += aliases.get(("ward", ward.pk), [])
        location = ward if ward and ward.latitude is not None else province
        documents.append(
            ProductDocument(
                product_id=product.pk,
                sku=product.upc or "",
                title=nfc(product.title),
                title_en=nfc(product.title_en),
                description=nfc(product.description),
                description_en=nfc(product.description_en),
                producer_name=nfc(producer.name) if producer else "",
                producer_kind=producer.kind if producer else "",
                province=province.pk if province else "",
                province_name=province.short_name if province else "",
                ward=ward.pk if ward else "",
                ward_name=ward.short_name if ward else "",
                region_names=list(dict.fromkeys(nfc(name) for name in region_names if name)),
                group=group,
                group_names=[group_info.name_vi, group_info.name_en] if group_info else [],
                category_ids=sorted(category_ids),
                price=int(stockrecord.price)
                if stockrecord and stockrecord.price is not None
                else None,
                in_stock=bool(
                    stockrecord
                    and (stockrecord.num_in_stock or 0) - (stockrecord.num_allocated or 0) > 0
                ),
                until=until,
                latitude=location.latitude if location else None,
                longitude=location.longitude if location else None,
                date_created=product.date_created,
            )
        )
    return documents


def _aliases_for(products) -> dict[tuple[str, str], list[str]]:
    """Old names of the products' provinces (old provinces) and wards (old
    districts and wards that became them), in one query."""
    provinces = {p.producer.province_id for p in products if p.producer}
    wards = {p.producer.ward_id for p in products if p.producer and p.producer.ward_id}
    if not provinces:
        return {}
    rows = RegionAlias.objects.filter(
        Q(province__in=provinces, kind=RegionAlias.KIND_PROVINCE) | Q(ward__in=wards)
    ).values_list("kind", "province_id", "ward_id", "name")
    result: dict[tuple[str, str], list[str]] = defaultdict(list)
    for kind, province_id, ward_id, name in rows:
        if kind == RegionAlias.KIND_PROVINCE and ward_id is None:
            result[("province", province_id)].append(name)
        elif ward_id is not None:
            result[("ward", ward_id)].append(name)
    return result


def _ancestor_ids(categories) -> dict[str, list[int]]:
    """Category path → ids of its ancestors (so a product in "Trà" also shows on
    the "Đồ uống" page), one query for the whole batch."""
    steplen = Category.steplen
    wanted = {c.path[:i] for c in categories for i in range(steplen, len(c.path), steplen)}
    if not wanted:
        return {}
    by_path = dict(Category.objects.filter(path__in=wanted).values_list("path", "pk"))
    return {
        c.path: [
            by_path[c.path[:i]]
            for i in range(steplen, len(c.path), steplen)
            if c.path[:i] in by_path
        ]
        for c in categories
    }
