"""Load the demo shop: products through the real import, then what a CSV cannot
carry (a revocation, producer profiles, accounts), then the CMS and search.

Every step is idempotent, so ``load_demo`` can run on every ``make run``: the
import is keyed by sku, accounts by email, and the revocation and profiles only
write when something differs.
"""

import csv
import datetime
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

from catalogue.applications import approve_application, submit_application
from catalogue.certificates import revoke_certificate
from catalogue.certification import VALIDITY_MONTHS, today
from catalogue.importing import COLUMNS, import_products
from catalogue.search.indexing import rebuild
from marketplace.demo import data
from marketplace.demo.images import draw_decision_scan, draw_product_image
from marketplace.demo.pages import load_cms_demo
from marketplace.demo.payouts import ensure_payouts
from marketplace.partner.models import LedgerSource
from marketplace.partner.stock import StockOrigin
from marketplace.producers.listings import ListingData, create_listing
from marketplace.regions.resolve import resolve_province, resolve_ward
from marketplace.sales_points import sync
from marketplace.sales_points.models import SalesPoint

Product = get_model("catalogue", "Product")
Certificate = get_model("catalogue", "Certificate")
RecognitionDecision = get_model("catalogue", "RecognitionDecision")
ProductImage = get_model("catalogue", "ProductImage")
Producer = get_model("producers", "Producer")
User = get_user_model()
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")

#: Development-only credentials, printed at the end of ``load_demo``.
OPERATOR_EMAIL = data.OPERATOR_EMAIL
OPERATOR_PASSWORD = data.DEMO_PASSWORD
PRODUCER_PASSWORD = data.DEMO_PASSWORD

Step = Callable[[str], None]


def write_import_file(directory: Path, progress: Callable[[int, int], None] | None = None) -> Path:
    """The demo catalogue as a provincial CSV with its pictures beside it."""
    images = directory / "images"
    images.mkdir(parents=True, exist_ok=True)
    path = directory / "ocop-demo.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for index, spec in enumerate(data.PRODUCTS, start=1):
            producer = data.PRODUCERS[spec.producer]
            decision = data.DECISIONS[spec.decision]
            image_name = f"images/{spec.sku}.jpg"
            (directory / image_name).write_bytes(
                draw_product_image(spec.sku, spec.short_name, spec.group, motif=spec.motif)
            )
            writer.writerow(
                [
                    spec.sku, spec.title_vi, spec.title_en, spec.description_vi, spec.description_en,
                    spec.group, producer.tax_code, producer.name, producer.kind,
                    producer.province, producer.ward, spec.star,
                    decision.number, decision.signed_on.isoformat(), decision.issuing_body, decision.level,
                    spec.price, spec.stock, image_name,
                ]
            )
            if progress:
                progress(index, len(data.PRODUCTS))
    return path


def revoke_demo_certificate() -> Certificate | None:
    """Withdraw one certificate, as a province does, so the demo shows a revoked product."""
    certificate = (
        Certificate.objects.filter(product__upc=data.REVOKED_SKU)
        .order_by("-valid_until", "-pk")
        .first()
    )
    if certificate is None or certificate.status == Certificate.STATUS_REVOKED:
        return None
    # Revoked on a fixed day, so a second run finds nothing to change.
    return revoke_certificate(
        certificate,
        data.REVOCATION_REASON,
        on=datetime.date(2025, 7, 15),
        reason_en=data.REVOCATION_REASON_EN,
    )


@transaction.atomic
def update_producer_profiles() -> int:
    """Contact, address, descriptions and the 148 bonus flags, which the import format has no columns for."""
    producers = {p.tax_code: p for p in Producer.objects.filter(tax_code__in=[s.tax_code for s in data.PRODUCERS.values()])}
    changed = []
    for spec in data.PRODUCERS.values():
        producer = producers.get(spec.tax_code)
        if producer is None:
            continue
        wanted = {
            "contact_name": spec.contact_name,
            "phone": spec.phone,
            "description": spec.description_vi,
            "description_en": spec.description_en,
            "is_women_led": spec.women_led,
            "is_ethnic_minority": spec.ethnic_minority,
        }
        if any(getattr(producer, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(producer, name, value)
            changed.append(producer)
    Producer.objects.bulk_update(changed, [
        "contact_name", "phone", "description", "description_en", "is_women_led", "is_ethnic_minority",
    ])
    return len(changed)


def _ensure_user(email: str, password: str, **fields):
    """Create the account once; an existing one keeps whatever password it has now."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, username=email[:150], **fields)
        user.set_password(password)
        user.save()
        return user, True
    changed = [name for name, value in fields.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, fields[name])
    if changed:
        user.save(update_fields=changed)
    return user, False


@transaction.atomic
def ensure_accounts() -> list[tuple[str, str, str, bool]]:
    """The operator (superuser) and a few producer accounts; returns (role, email, password, created)."""
    accounts = []
    _user, created = _ensure_user(
        OPERATOR_EMAIL, OPERATOR_PASSWORD,
        first_name="Vận hành", last_name="Chợ OCOP", is_staff=True, is_superuser=True, is_active=True,
    )
    accounts.append(("operator (superuser)", OPERATOR_EMAIL, OPERATOR_PASSWORD, created))
    # Oscar lets a non-staff user into the dashboard for their own partner's lines with this permission.
    dashboard = Permission.objects.get(content_type__app_label="partner", codename="dashboard_access")
    for email, key in data.PRODUCER_ACCOUNTS:
        spec = data.PRODUCERS[key]
        producer = Producer.objects.select_related("partner").filter(tax_code=spec.tax_code).first()
        if producer is None:
            continue
        first_name, _, last_name = spec.contact_name.rpartition(" ")
        user, created = _ensure_user(
            email, PRODUCER_PASSWORD, first_name=last_name, last_name=first_name, is_active=True,
        )
        user.user_permissions.add(dashboard)
        producer.partner.users.add(user)
        accounts.append((f"producer: {producer.name}", email, PRODUCER_PASSWORD, created))
    return accounts


def ensure_sales_points() -> list[tuple[str, str, str, bool]]:
    """The demo sales points, their staff accounts, and their first stock take
    (through the stock-take service, as a point's file would be); a product a
    point stocks already keeps its count. Returns the staff accounts."""
    dashboard = Permission.objects.get(content_type__app_label="partner", codename="dashboard_access")
    counted_at = datetime.datetime(2026, 1, 5, 7, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    accounts = []
    for spec in data.SALES_POINTS:
        province = resolve_province(spec.province)
        if province is None:
            continue
        with transaction.atomic():
            point = SalesPoint.objects.filter(code=spec.code).first()
            if point is None:
                point = SalesPoint.objects.create(
                    partner=Partner.objects.create(name=spec.name), code=spec.code, name=spec.name,
                    kind=spec.kind, province=province, ward=resolve_ward(spec.ward, province),
                    address_line=spec.address_line, latitude=spec.latitude, longitude=spec.longitude,
                    opening_hours=spec.opening_hours, phone=spec.phone, click_and_collect=True,
                )
            family, _, given = spec.staff_name.rpartition(" ")
            user, created = _ensure_user(spec.staff_email, data.DEMO_PASSWORD, first_name=given,
                                         last_name=family, is_active=True)
            user.user_permissions.add(dashboard)
            point.staff.add(user)
            stocked = set(StockRecord.objects.filter(partner=point.partner).values_list("product__upc", flat=True))
            sellable = set(Product.objects.sellable().filter(upc__in=spec.stock).values_list("upc", flat=True))
            items = [{"sku": sku, "quantity": quantity, "counted_at": counted_at.isoformat()}
                     for sku, quantity in spec.stock.items() if sku in sellable and sku not in stocked]
            if items:
                sync.count_stock(point, items, StockOrigin(LedgerSource.CSV, actor="load_demo"))
        accounts.append((f"sales point: {point.name}", spec.staff_email, data.DEMO_PASSWORD, created))
    return accounts


def ensure_draft_listings() -> int:
    """Each demo producer account has a draft product (created once)."""
    created = 0
    for key, spec in data.DRAFT_LISTINGS.items():
        producer = Producer.objects.filter(tax_code=data.PRODUCERS[key].tax_code).first()
        if producer is None or producer.products.filter(title=spec["title"]).exists():
            continue
        with transaction.atomic():
            _add_picture(create_listing(producer, ListingData(**spec)), key)
        created += 1
    return created


def _add_picture(product: Product, producer_key: str) -> None:
    """The listing's photo (no OCOP badge), as the producer uploads it with its alt text."""
    picture = draw_product_image(f"listing-{product.pk}", product.title, product.group.code,
                                 motif=data.PRODUCERS_MOTIF.get(producer_key))
    ProductImage.objects.create(
        product=product, original=ContentFile(picture, name=f"{slugify(product.title)}.jpg"),
        alt_text=product.title, alt_text_en=product.title_en, display_order=0,
    )


def ensure_certificate_work() -> int:
    """Each demo producer account's application awaiting an officer and
    certificate expiring soon (``data.CERTIFICATE_WORK``), made through the
    producer's and the officer's own services. Keyed by the listing's title, so a
    second run changes nothing; returns the number of listings created."""
    operator = User.objects.get(email=OPERATOR_EMAIL)
    created = 0
    for key, items in data.CERTIFICATE_WORK.items():
        producer = Producer.objects.filter(tax_code=data.PRODUCERS[key].tax_code).first()
        submitter = producer and producer.partner.users.order_by("pk").first()
        if submitter is None:
            continue
        for item in items:
            if producer.products.filter(title=item["listing"]["title"]).exists():
                continue
            with transaction.atomic():
                product = create_listing(producer, ListingData(**item["listing"]))
                _add_picture(product, key)
                if "expires_in_days" in item:
                    expires_on = today() + datetime.timedelta(days=item["expires_in_days"])
                    signed_on = expires_on - relativedelta(months=VALIDITY_MONTHS)
                else:
                    signed_on = today() - datetime.timedelta(days=item["signed_days_ago"])
                decision = item["decision"]
                scan = draw_decision_scan(decision["decision_number"], decision["issuing_body"], signed_on,
                                          product.title)
                application = submit_application(
                    product, submitter, signed_on=signed_on, criteria_version=RecognitionDecision.criteria_for(signed_on),
                    scan=ContentFile(scan, name=f"quyet-dinh-{product.pk}.png"), **decision,
                )
                if "expires_in_days" in item:
                    approve_application(application, operator)
            created += 1
    return created


def ensure_delivery_zones() -> int:
    """The demo fee table; a province an operator already put in a zone stays there."""
    ShippingZone = get_model("shipping", "ShippingZone")
    ShippingZoneProvince = get_model("shipping", "ShippingZoneProvince")
    Province = get_model("regions", "Province")
    added = 0
    with transaction.atomic():
        for name, fee, (days_min, days_max), provinces in data.DELIVERY_ZONES:
            zone, _ = ShippingZone.objects.get_or_create(
                name=name,
                defaults={"fee": fee, "delivery_days_min": days_min, "delivery_days_max": days_max},
            )
            for province in Province.objects.filter(name__in=provinces, shipping_zone_membership__isnull=True):
                ShippingZoneProvince.objects.create(zone=zone, province=province)
                added += 1
    return added


def load_cms(stdout) -> dict:
    # Wagtail logs every page edit at INFO; the CMS demo prints its own summary lines.
    logger = logging.getLogger("wagtail")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        return load_cms_demo(stdout=stdout)
    finally:
        logger.setLevel(level)


def load_demo(stdout, step: Step, progress_factory=None) -> dict:
    """Run every demo step; ``step`` prints a heading, ``progress_factory(total, desc)``
    returns a callable(done) for long steps. Returns a summary."""
    summary: dict = {}
    with tempfile.TemporaryDirectory(prefix="ocop-demo-") as tmp:
        step(f"1/6 Drawing {len(data.PRODUCTS)} product pictures and writing the provincial CSV")
        bar = progress_factory(len(data.PRODUCTS), "pictures") if progress_factory else None
        path = write_import_file(Path(tmp), progress=(lambda done, _total: bar(done)) if bar else None)
        step("2/6 Importing the CSV through catalogue.importing.import_products")
        summary["import"] = import_products(path, dry_run=False, stdout=stdout)
    step("3/6 Revoking one certificate and completing producer profiles")
    revoked = revoke_demo_certificate()
    summary["revoked"] = revoked
    if revoked is not None:
        stdout.write(f"  revoked: {revoked.product.title} ({revoked.decision.number})\n")
    summary["profiles_updated"] = update_producer_profiles()
    stdout.write(f"  producer profiles updated: {summary['profiles_updated']}\n")
    step("4/6 Demo accounts, sales points, delivery fees and payouts")
    summary["accounts"] = ensure_accounts() + ensure_sales_points()
    summary["draft_listings"] = ensure_draft_listings()
    summary["certificate_work"] = ensure_certificate_work()
    summary["delivery_zones"] = ensure_delivery_zones()
    stdout.write(f"  provinces added to delivery zones: {summary['delivery_zones']}\n")
    operator = User.objects.filter(email__iexact=OPERATOR_EMAIL).first()
    summary["payouts"] = ensure_payouts(operator) if operator is not None else {}
    stdout.write("  payouts: {rates} commission rate(s), {bank_accounts} bank account(s) confirmed, "
                 "{orders} delivered order(s)\n".format(**{"rates": 0, "bank_accounts": 0, "orders": 0,
                                                            **summary["payouts"]}))
    step("5/6 CMS pages and stories")
    summary["cms"] = load_cms(stdout)
    step("6/6 Rebuilding the search index")
    summary["search"] = rebuild()
    stdout.write(f"  indexed: {summary['search']}\n")
    return summary
