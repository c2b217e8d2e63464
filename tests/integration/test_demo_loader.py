"""load_demo builds a realistic shop through the real import path, and can run
again without changing anything."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from catalogue.models import Certificate, Product, RecognitionDecision
from marketplace.partner.models import StockLedgerEntry, StockRecord
from marketplace.producers.models import Producer
from marketplace.sales_points.models import SalesPoint
from marketplace.shipping.models import ShippingZoneProvince

pytestmark = pytest.mark.django_db


def counts():
    return (
        Product.objects.count(),
        Producer.objects.count(),
        RecognitionDecision.objects.count(),
        Certificate.objects.count(),
        Certificate.objects.filter(status=Certificate.STATUS_REVOKED).count(),
    )


def test_demo_shop_is_realistic_and_loading_it_twice_changes_nothing():
    call_command("load_demo", stdout=io.StringIO())
    first = counts()

    products = Product.objects.base_queryset()
    assert products.count() >= 40
    provinces = set(Producer.objects.values_list("province_id", flat=True))
    assert len(provinces) >= 6
    groups = {p.group.code for p in Product.objects.prefetch_related("categories")}
    assert groups == {"food", "beverage", "herbal", "handicraft", "ornamental", "tourism"}
    assert set(Producer.objects.values_list("kind", flat=True)) == {
        "enterprise", "cooperative", "cooperative_group", "household"
    }

    certificates = Certificate.objects.all()
    assert {3, 4, 5} <= set(certificates.values_list("star", flat=True))
    assert certificates.filter(potential_5=True).exists()
    expired = certificates.filter(valid_until__lt=timezone.localdate())
    assert expired.count() >= 2
    revoked = certificates.filter(status=Certificate.STATUS_REVOKED)
    assert revoked.count() == 1 and revoked.get().revocation_reason
    lapsed_products = {c.product_id for c in expired} | {c.product_id for c in revoked}
    sellable = set(Product.objects.sellable().values_list("pk", flat=True))
    assert not lapsed_products & sellable
    assert len(sellable) >= 35

    # The real products of DOMAIN.md are there.
    titles = " | ".join(Product.objects.values_list("title", flat=True))
    for name in ("Trà rau má Quảng Thọ", "Khăn choàng zèng Nhâm", "Gạo hữu cơ An Lỗ", "Chả mực Hạ Long",
                 "Rượu mơ Uông Bí", "Bao La"):
        assert name in titles
    zeng = Producer.objects.get(name__contains="Nhâm")
    assert zeng.is_ethnic_minority and zeng.is_women_led

    for product in products:
        image = product.primary_image()
        assert not isinstance(image, dict), f"{product.upc or product.title} has no image"
        with Image.open(image.original.path) as picture:
            assert picture.size == (800, 800)

    # A delivery fee table: Huế is in a zone, a province in none pays the default.
    from marketplace.shipping.repository import delivery_fee

    assert delivery_fee("46") == (25_000, "Miền Trung và Tây Nguyên")
    zoned = set(ShippingZoneProvince.objects.values_list("province_id", flat=True))
    assert len(zoned) == 19

    # The demo producers' home pages show a draft, an application awaiting an
    # officer (with its scan) and a certificate expiring within 90 days.
    from catalogue.models import CertificateApplication
    from marketplace.demo import data
    from marketplace.producers.listings import listing_state, listings_of

    for key in data.CERTIFICATE_WORK:
        producer = Producer.objects.get(tax_code=data.PRODUCERS[key].tax_code)
        states = {listing_state(product) for product in listings_of(producer)}
        assert {"draft", "awaiting_verification", "on_sale"} <= states
        pending = CertificateApplication.objects.get(producer=producer, status="pending")
        assert pending.scan.read(8) == b"\x89PNG\r\n\x1a\n"
        soon = Certificate.objects.filter(product__producer=producer, status=Certificate.STATUS_ACTIVE,
                                          valid_until__range=(timezone.localdate(),
                                                              timezone.localdate() + timezone.timedelta(days=90)))
        assert soon.exists()
    applications = CertificateApplication.objects.count()

    # Three sales points with click and collect, staff and stock of certified demo products.
    points = SalesPoint.objects.prefetch_related("staff")
    assert {point.kind for point in points} == {"supermarket", "tourist_site", "airport"}
    for point in points:
        assert point.click_and_collect and point.ward_id and point.staff.get().email.endswith("@cho-ocop.vn")
        records = StockRecord.objects.filter(partner=point.partner)
        assert records.count() >= 5 and all(record.num_in_stock > 0 for record in records)
        assert set(records.values_list("product_id", flat=True)) <= sellable
    ledger = StockLedgerEntry.objects.filter(source="csv").count()
    assert ledger >= 15

    # Payouts: rates, a confirmed bank account and delivered, paid lines pending for each demo producer.
    from marketplace.payouts import bank_accounts
    from marketplace.payouts.models import CommissionRate, LedgerEntry
    from marketplace.payouts.summaries import money_summary

    assert CommissionRate.objects.count() == 2
    for _email, key in data.PRODUCER_ACCOUNTS:
        producer = Producer.objects.get(tax_code=data.PRODUCERS[key].tax_code)
        assert bank_accounts.confirmed_bank_details(producer) is not None
        money = money_summary(producer)
        assert money.pending_total > 0 and all(item.order_paid for item in money.pending)
    sales = LedgerEntry.objects.count()

    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    assert CertificateApplication.objects.count() == applications
    assert ShippingZoneProvince.objects.count() == 19
    assert LedgerEntry.objects.count() == sales and CommissionRate.objects.count() == 2
    assert SalesPoint.objects.count() == 3 and StockLedgerEntry.objects.filter(source="csv").count() == ledger
