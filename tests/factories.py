"""Factories for the OCOP domain. Build the smallest world a test needs."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from oscar.core.loading import get_model

from catalogue.certification import certificate_valid_until
from catalogue.structure import ensure_groups, product_class_for_group

Province = get_model("regions", "Province")
Ward = get_model("regions", "Ward")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Producer = get_model("producers", "Producer")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
RecognitionDecision = get_model("catalogue", "RecognitionDecision")
Certificate = get_model("catalogue", "Certificate")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "46"
    name = "Thành phố Huế"
    short_name = "Huế"
    codename = factory.LazyAttribute(lambda o: f"province_{o.code}")
    division_type = "thành phố trung ương"
    latitude = 16.4637
    longitude = 107.5909


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("code",)

    code = "19774"
    province = factory.SubFactory(ProvinceFactory)
    name = "Phường Thuận Hóa"
    short_name = "Thuận Hóa"
    codename = factory.LazyAttribute(lambda o: f"ward_{o.code}")
    division_type = "phường"
    latitude = 16.4637
    longitude = 107.5909


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Producer {n}")


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    name = factory.Sequence(lambda n: f"HTX Nông nghiệp {n}")
    partner = factory.SubFactory(PartnerFactory, name=factory.SelfAttribute("..name"))
    kind = Producer.KIND_COOPERATIVE
    tax_code = factory.Sequence(lambda n: f"{3300100000 + n:010d}")
    province = factory.SubFactory(ProvinceFactory)
    ward = None


class RecognitionDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecognitionDecision

    number = factory.Sequence(lambda n: f"{1000 + n}/QĐ-UBND")
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    issuing_body = "UBND tỉnh Thừa Thiên Huế"
    issuing_level = RecognitionDecision.LEVEL_PROVINCE
    criteria_version = RecognitionDecision.CRITERIA_148


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    decision = factory.SubFactory(RecognitionDecisionFactory)
    product = None
    star = 4
    valid_until = factory.LazyAttribute(lambda o: certificate_valid_until(o.decision.signed_on))
    status = Certificate.STATUS_ACTIVE


def create_product(
    title: str = "Trà rau má Quảng Thọ",
    *,
    star: int | None = 4,
    group: str = "beverage",
    price: int = 120_000,
    stock: int = 10,
    producer: Producer | None = None,
    valid_until: datetime.date | None = None,
    status: str = Certificate.STATUS_ACTIVE,
    potential_5: bool = False,
    upc: str | None = None,
    title_en: str = "",
    **product_fields,
) -> Product:
    """A product of ``producer`` in ``group`` with a stock record and, unless
    ``star`` is None, one certificate (valid by default)."""
    categories = ensure_groups()
    producer = producer or ProducerFactory()
    product = Product.objects.create(
        title=title,
        title_en=title_en,
        upc=upc or f"893{Product.objects.count() + 1:010d}",
        product_class=product_class_for_group(group),
        producer=producer,
        **product_fields,
    )
    ProductCategory.objects.create(product=product, category=categories[group])
    StockRecord.objects.create(
        product=product,
        partner=producer.partner,
        partner_sku=product.upc,
        price=Decimal(price),
        price_currency="VND",
        num_in_stock=stock,
    )
    if star is not None:
        certificate = CertificateFactory.build(
            product=product, star=star, status=status, potential_5=potential_5
        )
        certificate.decision.save()
        certificate.decision_id = certificate.decision.pk
        if valid_until is not None:
            certificate.valid_until = valid_until
        certificate.save()
    return product
