"""A producer's listings: the products they create and edit themselves, and the
state each one is in.

A new product is a draft until its producer makes it public, and buyers see it
only once it also holds a valid OCOP certificate (``catalogue.certification``).
A certificate names a product, so the title and group of a certified product
change only after an officer approved the change (``ListingChange``); until then
the certified title stays on sale. Every write reindexes the product once it
commits (``schedule_reindex``), so the shop and search follow at once.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.certification import valid_certificate_q
from catalogue.groups import GROUPS_BY_CODE
from catalogue.models import Certificate, CertificateApplication, Product, ProductCategory
from catalogue.search.indexing import schedule_reindex
from catalogue.structure import ensure_groups, product_class_for_group
from marketplace.partner.models import StockRecord
from marketplace.producers.models import ListingChange, Producer
from marketplace.richtext import clean_html

DRAFT = "draft"
AWAITING_VERIFICATION = "awaiting_verification"
ON_SALE = "on_sale"
NOT_CERTIFIED = "not_certified"
OUT_OF_STOCK = "out_of_stock"
STATE_LABELS = {
    DRAFT: _("Draft"),
    AWAITING_VERIFICATION: _("Awaiting verification"),
    ON_SALE: _("On sale"),
    NOT_CERTIFIED: _("Not certified"),
    OUT_OF_STOCK: _("Out of stock"),
}


@dataclass(frozen=True)
class ListingData:
    """What a producer fills in for a product (prices in whole đồng)."""

    title: str
    title_en: str
    description: str
    description_en: str
    group_code: str
    price: int
    stock: int
    pack_size: str = ""
    weight_grams: int | None = None
    is_public: bool = False


def listings_of(producer: Producer):
    """The producer's products (no variants), each annotated with what its state
    needs: ``is_sellable_now``, ``has_pending_application``, ``stock_available``,
    ``price`` and ``pending_change``. One query, whatever the number of products."""
    own_stock = StockRecord.objects.filter(product=OuterRef("pk"), partner_id=producer.partner_id)
    return (
        Product.objects.filter(producer=producer, parent=None)
        .annotate(
            is_sellable_now=Exists(Certificate.objects.filter(valid_certificate_q(), product=OuterRef("pk"))),
            has_pending_application=Exists(
                CertificateApplication.objects.filter(
                    product=OuterRef("pk"), status=CertificateApplication.STATUS_PENDING
                )
            ),
            stock_available=Coalesce(
                Subquery(
                    own_stock.values("product")
                    .annotate(free=Sum(F("num_in_stock") - Coalesce(F("num_allocated"), 0)))
                    .values("free")[:1]
                ),
                0,
            ),
            price=Subquery(own_stock.values("price")[:1]),
            pending_change=Exists(
                ListingChange.objects.filter(product=OuterRef("pk"), status=ListingChange.STATUS_PENDING)
            ),
        )
        .order_by("-date_updated", "-pk")
    )


def listing_state(product) -> str:
    """The state shown to the producer, from ``listings_of``'s annotations.

    "Awaiting verification": public, without a valid certificate, and a
    certificate application for it waits for an officer; "not certified": public,
    without a valid certificate and nothing submitted (never certified, or its
    certificates expired or were revoked). A renewal pending for a product on sale
    leaves it on sale."""
    if not product.is_public:
        return DRAFT
    if not product.is_sellable_now:
        return AWAITING_VERIFICATION if product.has_pending_application else NOT_CERTIFIED
    if product.stock_available <= 0:
        return OUT_OF_STOCK
    return ON_SALE


def product_of(producer: Producer, pk) -> Product:
    """The producer's own product ``pk``; Product.DoesNotExist otherwise."""
    return Product.objects.get(producer=producer, parent=None, pk=pk)


def is_certified(product: Product) -> bool:
    """Whether a certificate names this product (valid or not: an expired one is
    renewed under the same name)."""
    return product.certificates.exclude(status=Certificate.STATUS_REVOKED).exists()


def group_code_of(product: Product) -> str:
    group = product.group
    return group.code if group else ""


def _set_group(product: Product, code: str) -> None:
    categories = ensure_groups()
    product.product_class = product_class_for_group(code)
    product.save(update_fields=["product_class"])
    ProductCategory.objects.filter(product=product, category__depth=1).exclude(
        category=categories[code]
    ).delete()
    ProductCategory.objects.get_or_create(product=product, category=categories[code])


def _set_stock(producer: Producer, product: Product, data: ListingData) -> None:
    record, _created = StockRecord.objects.get_or_create(
        product=product, partner=producer.partner,
        defaults={"partner_sku": f"P{product.pk}", "price": Decimal(data.price), "price_currency": "VND",
                  "num_in_stock": data.stock},
    )
    if (record.price, record.num_in_stock) != (Decimal(data.price), data.stock):
        record.price, record.price_currency, record.num_in_stock = Decimal(data.price), "VND", data.stock
        record.save(update_fields=["price", "price_currency", "num_in_stock", "date_updated"])


def create_listing(producer: Producer, data: ListingData) -> Product:
    """A new product of ``producer``: not certified, so never on sale yet."""
    if data.group_code not in GROUPS_BY_CODE:
        raise ValueError(f"Unknown OCOP group {data.group_code!r}")
    with transaction.atomic():
        product = Product.objects.create(
            producer=producer,
            product_class=product_class_for_group(data.group_code),
            title=data.title.strip(),
            title_en=data.title_en.strip(),
            description=clean_html(data.description),
            description_en=clean_html(data.description_en),
            pack_size=data.pack_size.strip(),
            weight_grams=data.weight_grams,
            is_public=data.is_public,
        )
        _set_group(product, data.group_code)
        _set_stock(producer, product, data)
        schedule_reindex([product.pk])
    return product


def update_listing(producer: Producer, product: Product, data: ListingData, user) -> ListingChange | None:
    """Save the producer's edit of ``product``.

    Everything but the title and group applies at once. For a certified product a
    new title or group becomes a pending ``ListingChange`` (replacing an earlier
    pending one), which is returned; the certified title stays on sale."""
    if product.producer_id != producer.pk:
        raise PermissionDenied
    if data.group_code not in GROUPS_BY_CODE:
        raise ValueError(f"Unknown OCOP group {data.group_code!r}")
    change = None
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        current_group = group_code_of(product)
        naming = (data.title.strip(), data.title_en.strip(), data.group_code)
        if naming != (product.title, product.title_en, current_group):
            if is_certified(product):
                change = request_listing_change(product, *naming, user=user, current_group=current_group)
            else:
                product.title, product.title_en = naming[0], naming[1]
                if data.group_code != current_group:
                    _set_group(product, data.group_code)
        product.description = clean_html(data.description)
        product.description_en = clean_html(data.description_en)
        product.pack_size = data.pack_size.strip()
        product.weight_grams = data.weight_grams
        product.is_public = data.is_public
        product.save()
        _set_stock(producer, product, data)
        schedule_reindex([product.pk])
    return change


def request_listing_change(
    product: Product, title: str, title_en: str, group_code: str, *, user, current_group: str
) -> ListingChange:
    ListingChange.objects.filter(product=product, status=ListingChange.STATUS_PENDING).delete()
    return ListingChange.objects.create(
        product=product,
        title=title,
        title_en=title_en,
        group_code=group_code,
        previous_title=product.title,
        previous_title_en=product.title_en,
        previous_group_code=current_group,
        requested_by=user,
    )


def pending_listing_changes():
    return ListingChange.objects.filter(status=ListingChange.STATUS_PENDING).select_related(
        "product__producer", "requested_by"
    ).order_by("requested_at", "pk")


def decide_listing_change(change: ListingChange, officer, *, approve: bool, reason: str = "") -> ListingChange:
    """An officer's decision on a pending change: approving renames (and regroups)
    the product at once; a refusal keeps the certified title and tells why."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValueError("A refusal needs a reason.")
    with transaction.atomic():
        updated = ListingChange.objects.filter(pk=change.pk, status=ListingChange.STATUS_PENDING).update(
            status=ListingChange.STATUS_APPROVED if approve else ListingChange.STATUS_REJECTED,
            decided_by=officer, decided_at=timezone.now(), reason=reason,
        )
        if not updated:
            raise ValueError("This change was already decided.")
        change.refresh_from_db()
        if approve:
            product = Product.objects.select_for_update().get(pk=change.product_id)
            product.title, product.title_en = change.title, change.title_en
            product.save(update_fields=["title", "title_en", "date_updated"])
            if change.group_code and change.group_code != group_code_of(product):
                _set_group(product, change.group_code)
            schedule_reindex([product.pk])
    return change


def visible_changes(product: Product):
    return product.listing_changes.select_related("decided_by").order_by("-requested_at", "-pk")[:5]

