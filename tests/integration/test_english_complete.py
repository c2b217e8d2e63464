"""With English active every buyer-facing text is English.

The check reads each main page as a buyer sees it (text nodes and the alt, title,
aria-label, placeholder and value attributes people read or hear) and flags any
text written with Vietnamese letters, except the data that is Vietnamese by nature
(names of producers, places and products without an English title) and text the
page marks ``lang="vi"`` (the issuing body and reasons as printed, shown next to
their English rendering). A template string left untranslated, a Vietnamese
category or zone name, a basket line in Vietnamese: each makes it fail.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from catalogue.certificates import revoke_certificate
from catalogue.structure import ensure_groups
from tests.factories import ProducerFactory, create_product
from tests.pages import build_site

pytestmark = pytest.mark.django_db

Province = get_model("regions", "Province")
Ward = get_model("regions", "Ward")

#: Letters only Vietnamese uses (English words like "café" are not on these pages).
VIETNAMESE = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I
)
#: Document numbers as printed ("1003/QĐ-UBND", "148/QĐ-TTg").
DOCUMENT_NUMBER = re.compile(r"\d+/QĐ-[A-Za-zĐđ]+")
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
SKIPPED = {"script", "style", "template", "noscript"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class BuyerText(HTMLParser):
    """Collects what a buyer reads or hears, outside ``lang="vi"`` elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from this check)
        self.texts: list[str] = []

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = self.hidden or tag in SKIPPED or attrs.get("lang") == "vi"
        if not hidden:
            self.texts += [value for name, value in attrs.items() if name in READ_ATTRIBUTES and value]
            if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in VOID:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def vietnamese_texts(html: str, allowed: set[str]) -> list[str]:
    """Buyer-facing texts of ``html`` still in Vietnamese once the allowed names
    (longest first) are taken out."""
    parser = BuyerText()
    parser.feed(html)
    names = sorted(allowed, key=len, reverse=True)
    found = []
    for text in parser.texts:
        rest = DOCUMENT_NUMBER.sub("", text)
        for name in names:
            rest = rest.replace(name, "")
        if VIETNAMESE.search(rest):
            found.append(text)
    return found


def names_of_data() -> set[str]:
    """Proper names: the shop's, producers', provinces', wards' and the places
    in issuers' names; product titles without an English one; "đồng", the
    currency's name in English too."""
    names = {"đồng", settings.OSCAR_SHOP_NAME}
    RecognitionDecision = get_model("catalogue", "RecognitionDecision")
    for body in RecognitionDecision.objects.values_list("issuing_body", flat=True):
        if place := re.search(r"(?:tỉnh|thành phố|huyện|xã|phường)\s+(.+)$", body):
            names.add(place.group(1))
    Product = get_model("catalogue", "Product")
    Producer = get_model("producers", "Producer")
    for producer in Producer.objects.select_related("province", "ward"):
        names |= {producer.name, producer.region_label}
    names |= set(Province.objects.values_list("name", flat=True))
    names |= set(Province.objects.values_list("short_name", flat=True))
    names |= set(Ward.objects.values_list("name", flat=True))
    names |= set(Product.objects.filter(title_en="").values_list("title", flat=True))
    return {name for name in names if name}


@pytest.fixture
def shop():
    build_site()
    hue = Province.objects.get(code="46")
    producer = ProducerFactory(province=hue, name="HTX Trà Quảng Thọ")
    tea = create_product("Trà rau má Quảng Thọ", title_en="Quang Tho pennywort tea", producer=producer,
                         description="Trà thơm.", description_en="A fragrant tea.")
    create_product("Mè xửng Thiên Hương", title_en="Thien Huong sesame candy", group="food", producer=producer)
    honey = create_product("Mật ong bạc hà", title_en="Mint honey", producer=ProducerFactory(province=hue))
    certificate = honey.certificates.get()
    certificate.decision.issuing_body = "UBND tỉnh Thừa Thiên Huế"
    certificate.decision.save()
    revoke_certificate(certificate, "Không đạt kiểm tra định kỳ", reason_en="Failed the periodic inspection")
    return {"tea": tea, "honey": honey}


def english(path_name, **kwargs) -> str:
    with translation.override("en"):
        return reverse(path_name, kwargs=kwargs)


def assert_english(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="en"' in html, url
    leftovers = vietnamese_texts(html, names_of_data())
    assert leftovers == [], f"Vietnamese on the English page {url}: {leftovers}"


def test_the_check_finds_vietnamese_outside_names():
    html = (
        '<html lang="en"><body><h1>Quang Tho pennywort tea</h1><p>Producer: HTX Trà</p>'
        '<p lang="vi">UBND tỉnh Huế <b>thu hồi</b></p><img alt="Ảnh sản phẩm">'
        "<script>var x = 'Thêm';</script><p>Thêm vào giỏ hàng</p></body></html>"
    )
    assert vietnamese_texts(html, {"HTX Trà"}) == ["Ảnh sản phẩm", "Thêm vào giỏ hàng"]


def test_catalogue_category_search_and_home_are_english(client, shop):
    for url in (
        "/en/",
        english("catalogue:index"),
        english("product-search") + "?q=tea",
    ):
        assert_english(client, url)
    with translation.override("en"):
        beverages = ensure_groups()["beverage"].get_absolute_url()
    assert_english(client, beverages)


def test_product_pages_are_english(client, shop):
    with translation.override("en"):
        tea, honey = shop["tea"].get_absolute_url(), shop["honey"].get_absolute_url()
    assert_english(client, tea)
    assert_english(client, honey)  # revoked: issuer and reason rendered in English


def test_basket_and_its_lines_are_english(client, shop):
    client.post(reverse("basket:add", kwargs={"pk": shop["tea"].pk}), {"quantity": 2})
    html = client.get(english("basket:summary")).content.decode()
    assert "Quang Tho pennywort tea" in html
    assert_english(client, english("basket:summary"))


def test_order_lines_show_the_english_title_on_english_pages(shop):
    from tests.factories import make_basket, place_basket

    order = place_basket(make_basket((shop["tea"], 1)))
    line = order.lines.get()
    assert line.title == "Trà rau má Quảng Thọ"  # as ordered, kept
    with translation.override("en"):
        assert line.description == "Quang Tho pennywort tea"
    with translation.override("vi"):
        assert line.description == "Trà rau má Quảng Thọ"
