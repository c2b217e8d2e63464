"""Factories for the OCOP domain. Build the smallest world a test needs."""

import datetime
import io
import itertools
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image
from stdnum.vn import mst

from catalogue.certification import certificate_valid_until
from catalogue.search.indexing import index_products
from catalogue.structure import ensure_groups, product_class_for_group
from marketplace.regions.names import name_key
from marketplace.regions.resolve import clear_cache

Province = get_model("regions", "Province")
Ward = get_model("regions", "Ward")
RegionAlias = get_model("regions", "RegionAlias")
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


def valid_tax_code(serial: int, province: str = "33") -> str:
    """A valid mã số thuế: a two-digit province prefix, ``serial`` (below a million),
    a ninth digit and stdnum's check digit. The ninth digit is the first one whose
    number has a check digit (one in eleven has none), so each serial gives its own code."""
    for ninth in range(10):
        body = f"{province}{serial:06d}{ninth}"
        code = body + mst.calc_check_digit(body)
        if mst.is_valid(code):
            return code
    raise ValueError(f"no valid tax code for serial {serial}")


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    name = factory.Sequence(lambda n: f"HTX Nông nghiệp {n}")
    partner = factory.SubFactory(PartnerFactory, name=factory.SelfAttribute("..name"))
    kind = Producer.KIND_COOPERATIVE
    tax_code = factory.Sequence(lambda n: valid_tax_code(100 + n))
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


#: Barcodes of ``create_product``: a process-wide counter (not a row count, which two
#: transactions or threads would read alike), under a prefix no fixed test barcode uses.
_upcs = itertools.count(1)


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
    ``star`` is None, one certificate (valid by default).

    The catalogue pages list what the search index holds, and the index follows
    products through explicit calls (the import, revocation and checkout make them),
    so the product is indexed here the same way, synchronously: tests inside a
    rolled-back transaction (where on_commit never fires) see it listed."""
    categories = ensure_groups()
    producer = producer or ProducerFactory()
    product = Product.objects.create(
        title=title,
        title_en=title_en,
        upc=upc or f"8939{next(_upcs):09d}",
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
    index_products([product.pk])
    return product


def _alias_key(name: str) -> str:
    """RegionAlias key as the regions loader writes it: "quangdien|thuathienhue"."""
    return "|".join(name_key(part) for part in name.split(", "))


def create_search_dataset() -> dict[str, Product]:
    """A fixed little catalogue for the search tests (every backend gets the same):
    three provinces with centroids and old names, four producer kinds, all star
    levels, prices across the bands, one product out of stock, and products that
    must never be found (expired, revoked, never certified)."""
    today = timezone.localdate()
    # The real map when the regions data migration loaded it; these stand-ins when
    # a transactional test flushed it (same codes and names).
    hue = ProvinceFactory(code="46", name="Thành phố Huế", short_name="Huế", latitude=16.3316, longitude=107.517)
    quang_ninh = ProvinceFactory(
        code="22", name="Quảng Ninh", short_name="Quảng Ninh", division_type="tỉnh",
        latitude=21.2642, longitude=107.223,
    )
    phu_tho = ProvinceFactory(
        code="25", name="Phú Thọ", short_name="Phú Thọ", division_type="tỉnh",
        latitude=20.7065, longitude=105.333,
    )
    quang_dien = Ward.objects.filter(province=hue, short_name="Quảng Điền").first() or WardFactory(
        code="19867", province=hue, name="Xã Quảng Điền", short_name="Quảng Điền", division_type="xã",
        latitude=16.5697, longitude=107.533,
    )
    if not RegionAlias.objects.filter(province__in=[hue, phu_tho]).exists():
        for name, province, ward, kind in (
            ("Tỉnh Thừa Thiên Huế", hue, None, RegionAlias.KIND_PROVINCE),
            ("Tỉnh Hòa Bình", phu_tho, None, RegionAlias.KIND_PROVINCE),
            ("Huyện Quảng Điền, Tỉnh Thừa Thiên Huế", hue, quang_dien, RegionAlias.KIND_DISTRICT),
        ):
            RegionAlias.objects.create(key=_alias_key(name), name=name, kind=kind, province=province, ward=ward)
    clear_cache()  # the resolver caches the map in memory

    def producer(name, kind, province, ward=None):
        return ProducerFactory(name=name, kind=kind, province=province, ward=ward)

    quang_tho = producer("HTX Nông nghiệp Quảng Thọ II", Producer.KIND_COOPERATIVE, hue, quang_dien)
    bao_la = producer("HTX Mây tre đan Bao La", Producer.KIND_COOPERATIVE, hue)
    an_lo = producer("Hộ kinh doanh An Lỗ", Producer.KIND_HOUSEHOLD, hue)
    ha_long = producer("Công ty TNHH Hạ Long Food", Producer.KIND_ENTERPRISE, quang_ninh)
    uong_bi = producer("Hộ sản xuất rượu Uông Bí", Producer.KIND_HOUSEHOLD, quang_ninh)
    hoa_binh = producer("Tổ hợp tác ong mật Đà Bắc", Producer.KIND_COOPERATIVE_GROUP, phu_tho)

    far = today + datetime.timedelta(days=700)
    products = {
        "tea": create_product(
            "Trà rau má Quảng Thọ", title_en="Quang Tho pennywort tea", group="beverage", star=4,
            price=85_000, producer=quang_tho, upc="8930000100017",
            description="Trà túi lọc từ rau má tươi.", description_en="Tea bags of fresh pennywort.",
        ),
        "lamp": create_product(
            "Đèn trang trí mây tre", title_en="Rattan decorative lamp", group="handicraft", star=4,
            price=450_000, producer=bao_la, upc="8930000100024",
        ),
        "rice": create_product(
            "Gạo đen hữu cơ An Lỗ", title_en="An Lo organic black rice", group="food", star=5,
            price=60_000, producer=an_lo, upc="8930000100031",
        ),
        "squid": create_product(
            "Chả mực Hạ Long", title_en="Ha Long squid cake", group="food", star=5,
            price=350_000, stock=0, producer=ha_long, upc="8930000100048",
        ),
        "wine": create_product(
            "Rượu mơ Uông Bí", title_en="Uong Bi apricot wine", group="beverage", star=3,
            price=150_000, producer=uong_bi, upc="8930000100055",
        ),
        "honey": create_product(
            "Mật ong bạc hà", title_en="Mint honey", group="food", star=4, potential_5=True,
            price=250_000, producer=hoa_binh, upc="8930000100062",
        ),
        "scarf": create_product(
            "Khăn choàng dệt zèng A Lưới", title_en="A Luoi zeng woven scarf", group="handicraft", star=3,
            price=1_200_000, producer=bao_la, upc="8930000100079", valid_until=far,
        ),
        # Never found:
        "expired": create_product(
            "Chuối già lùn A Lưới", group="food", star=4, producer=an_lo, upc="8930000100086",
            valid_until=today - datetime.timedelta(days=1),
        ),
        "revoked": create_product(
            "Hương trầm Tân Nguyên", group="herbal", star=4, producer=an_lo, upc="8930000100093",
            status=Certificate.STATUS_REVOKED,
        ),
        "never": create_product("Bánh ép Huế", group="food", star=None, producer=an_lo, upc="8930000100109"),
    }
    # Distinct creation times, oldest first in the order above ("newest" sort).
    base = timezone.now() - datetime.timedelta(days=30)
    for offset, product in enumerate(products.values()):
        Product.objects.filter(pk=product.pk).update(date_created=base + datetime.timedelta(hours=offset))
    index_products([product.pk for product in products.values()])
    return products


def producer_user(producer: Producer, name: str):
    """A dashboard user of ``producer`` (linked to its partner, with dashboard access)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(username=name, email=f"{name}@example.vn", password="x")
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    producer.partner.users.add(user)
    return user


def make_basket(*items: tuple[Product, int]):
    """A saved basket holding (product, quantity) items, priced by the shop's strategy."""
    from oscar.core.loading import get_class

    Basket = get_model("basket", "Basket")
    basket = Basket.objects.create()
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


def place_basket(basket, **kwargs):
    """Place an order for a basket as checkout does (free shipping), reloading the
    basket first as a new request would (its lines as the basket middleware loads
    them). ``kwargs`` go to ``place_order``."""
    from oscar.core.loading import get_class

    from marketplace.basket.lines import load_lines
    from marketplace.order.utils import OrderCreator

    basket = get_model("basket", "Basket").objects.get(pk=basket.pk)
    basket._lines = load_lines(basket)
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    method = get_class("shipping.methods", "Free")()
    charge = method.calculate(basket)
    total = get_class("checkout.calculators", "OrderTotalCalculator")().calculate(basket, charge)
    return OrderCreator().place_order(
        basket=basket, total=total, shipping_method=method, shipping_charge=charge, **kwargs
    )


def png_scan(name: str = "quyet-dinh.png") -> SimpleUploadedFile:
    """A small real PNG, as a producer would upload a scanned decision."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def create_sales_point(code: str = "QN-BIGC-HALONG", *, stock: dict | None = None, **fields):
    """A sales point (its own partner) offering click and collect, holding
    ``stock`` ({product: quantity}) in its own stock records at the producer's price."""
    from marketplace.sales_points.models import SalesPoint

    fields.setdefault("province", fields.get("province") or ProvinceFactory())
    fields.setdefault("kind", "supermarket")
    fields.setdefault("click_and_collect", True)
    point = SalesPoint.objects.create(
        partner=PartnerFactory(name=code), code=code, name=fields.pop("name", f"Điểm bán {code}"), **fields
    )
    for product, quantity in (stock or {}).items():
        price = StockRecord.objects.for_home_delivery().get(product=product).price
        StockRecord.objects.create(
            product=product, partner=point.partner, partner_sku=product.upc, price=price,
            price_currency="VND", num_in_stock=quantity,
        )
    return point


def sales_point_user(point, name: str):
    """A staff user of a sales point (dashboard access, linked to the point)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(username=name, email=f"{name}@example.vn", password="x")
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    point.staff.add(user)
    return user


def officers_group():
    """The "OCOP officers" group with its review permission. A migration creates
    it, but a transactional test (browser tests) may run after another one flushed it."""
    from django.conf import settings
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=settings.OCOP_OFFICERS_GROUP)
    group.permissions.add(Permission.objects.get(codename="review_certificateapplication"))
    return group
