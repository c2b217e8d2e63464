"""What a product looks like to search: one plain dict per listable product,
built in batches with a fixed number of queries, and used by both backends (the
database table row and the Elasticsearch document come from the same dict, so
the two cannot drift apart).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Q
from oscar.core.loading import get_model

from catalogue import certification
from catalogue.groups import GROUPS_BY_CODE
from marketplace.text import nfc

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Certificate = get_model("catalogue", "Certificate")
StockRecord = get_model("partner", "StockRecord")
ProductCategory = get_model("catalogue", "ProductCategory")
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
        """The product's current star on ``day`` (0 when none is valid)."""
        return certification.current_star(self.until, day) or 0

    @property
    def title_text(self) -> str:
        return " ".join(part for part in (self.title, self.title_en) if part)

    @property
    def description_text(self) -> str:
        return " ".join(nfc(part) for part in (self.description, self.description_en) if part)

    @property
    def search_text(self) -> str:
        """What a buyer types to find the product: its titles, producer, regions
        and group names. Not the descriptions: every word of a query must match
        one of these, so "honey" does not find a coffee whose description says
        "honey-processed" (descriptions only rank: ``description_text``)."""
        parts = [
            self.title,
            self.title_en,
            self.producer_name,
            *self.region_names,
            *self.group_names,
        ]
        return " ".join(nfc(part) for part in parts if part)


def listable_products():
    """Products that belong in the search index: browsable, with an active
    certificate of 3★+ not yet expired. Expiry after indexing is applied at query
    time; revocation reindexes the product, which removes it."""
    return Product.objects.browsable().sellable()


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
    """Documents for one batch from five plain ``values()`` queries: no model
    instances, no per-row prefetch querysets (10,000 products build in seconds)."""
    on = certification.today()
    products = list(
        Product.objects.filter(pk__in=ids)
        .order_by("pk")
        .values(
            "pk",
            "upc",
            "title",
            "title_en",
            "description",
            "description_en",
            "date_created",
            "producer__name",
            "producer__kind",
            "producer__province_id",
            "producer__province__name",
            "producer__province__short_name",
            "producer__province__latitude",
            "producer__province__longitude",
            "producer__ward_id",
            "producer__ward__name",
            "producer__ward__short_name",
            "producer__ward__latitude",
            "producer__ward__longitude",
        )
    )
    stock: dict[int, tuple] = {}
    for product_id, price, in_stock, allocated in (
        # The producer's record, as the strategy chooses it: never a sales
        # point's (the lowest pk is assigned last and wins, as in the strategy).
        StockRecord.objects.for_home_delivery().filter(product_id__in=ids)
        .order_by("-pk")
        .values_list("product_id", "price", "num_in_stock", "num_allocated")
    ):
        stock[product_id] = (price, in_stock, allocated)
    categories: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for product_id, category_id, path, group_code in ProductCategory.objects.filter(
        product_id__in=ids
    ).values_list("product_id", "category_id", "category__path", "category__group_code"):
        categories[product_id].append((category_id, path, group_code))
    until: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    for product_id, star, valid_until in Certificate.objects.valid(on).filter(
        product_id__in=ids
    ).values_list("product_id", "star", "valid_until"):
        by_star = until[product_id]
        by_star[star] = max(by_star.get(star, valid_until), valid_until)
    aliases = _aliases_for(
        {row["producer__province_id"] for row in products if row["producer__province_id"]},
        {row["producer__ward_id"] for row in products if row["producer__ward_id"]},
    )
    ancestor_ids = _ancestor_ids({path for rows in categories.values() for _pk, path, _g in rows})
    documents = []
    for row in products:
        pk = row["pk"]
        if not until.get(pk):
            continue
        group = ""
        category_ids: set[int] = set()
        for category_id, path, group_code in categories.get(pk, ()):
            category_ids.add(category_id)
            category_ids.update(ancestor_ids.get(path, ()))
            group = group or group_code or roots.get(path[: Category.steplen], "")
        group_info = GROUPS_BY_CODE.get(group)
        province, ward = row["producer__province_id"], row["producer__ward_id"]
        region_names = []
        if province:
            region_names += [row["producer__province__name"], row["producer__province__short_name"]]
            region_names += aliases.get(("province", province), [])
        if ward:
            region_names += [row["producer__ward__name"], row["producer__ward__short_name"]]
            region_names += aliases.get(("ward", ward), [])
        # Near me: the ward's centroid when known, else the province's.
        place = "ward" if ward and row["producer__ward__latitude"] is not None else "province"
        price, in_stock, allocated = stock.get(pk, (None, 0, 0))
        documents.append(
            ProductDocument(
                product_id=pk,
                sku=row["upc"] or "",
                title=nfc(row["title"]),
                title_en=nfc(row["title_en"]),
                description=nfc(row["description"]),
                description_en=nfc(row["description_en"]),
                producer_name=nfc(row["producer__name"] or ""),
                producer_kind=row["producer__kind"] or "",
                province=province or "",
                province_name=row["producer__province__short_name"] or "",
                ward=ward or "",
                ward_name=row["producer__ward__short_name"] or "",
                region_names=list(dict.fromkeys(nfc(name) for name in region_names if name)),
                group=group,
                group_names=[group_info.name_vi, group_info.name_en] if group_info else [],
                category_ids=sorted(category_ids),
                price=int(price) if price is not None else None,
                in_stock=(in_stock or 0) - (allocated or 0) > 0,
                until=until[pk],
                latitude=row[f"producer__{place}__latitude"],
                longitude=row[f"producer__{place}__longitude"],
                date_created=row["date_created"],
            )
        )
    return documents


def _aliases_for(provinces: set[str], wards: set[str]) -> dict[tuple[str, str], list[str]]:
    """Old names of these provinces (old provinces) and wards (old districts and
    wards that became them), in one query."""
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


def _ancestor_ids(paths: set[str]) -> dict[str, list[int]]:
    """Category path → ids of its ancestors (so a product in "Trà" also shows on
    the "Đồ uống" page), one query for the whole batch."""
    steplen = Category.steplen
    wanted = {path[:i] for path in paths for i in range(steplen, len(path), steplen)}
    if not wanted:
        return {}
    by_path = dict(Category.objects.filter(path__in=wanted).values_list("path", "pk"))
    return {
        path: [by_path[path[:i]] for i in range(steplen, len(path), steplen) if path[:i] in by_path]
        for path in paths
    }
