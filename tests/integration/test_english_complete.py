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
    """Proper names: the shop's, producers', provinces', wards', carriers' and the
    places in issuers' names; product titles without an English one; "đồng", the
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
    # Carriers' brand names ("GHN (Giao Hàng Nhanh)"), untranslated on purpose.
    from marketplace.order.carriers import Carrier

    names |= {str(label) for label in Carrier.labels}
    # Countries by their English names ("Côte d’Ivoire (+225)") in the phone's country list.
    from django.utils import translation

    from checkout.phones import country_choices

    with translation.override("en"):
        names |= {label for _code, label in country_choices()}
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


def assert_english_text(text: str, where: str):
    """A plain-text email: every line outside the data's names is English."""
    names = sorted(names_of_data(), key=len, reverse=True)
    leftovers = []
    for line in text.splitlines():
        rest = DOCUMENT_NUMBER.sub("", line)
        for name in names:
            rest = rest.replace(name, "")
        if VIETNAMESE.search(rest):
            leftovers.append(line.strip())
    assert leftovers == [], f"Vietnamese in the English {where}: {leftovers}"


@pytest.fixture
def address_in_hue(shop):
    from tests.factories import WardFactory

    hue = Province.objects.get(code="46")
    ward = Ward.objects.filter(province=hue).first() or WardFactory(province=hue)
    return {"first_name": "Lan Nguyen", "phone_number": "0912 345 678", "line1": "12 Le Loi",
            "province": hue.pk, "ward": ward.pk, "notes": ""}


def test_checkout_steps_confirmation_order_page_and_emails_are_english(
        client, shop, address_in_hue, django_capture_on_commit_callbacks):
    from django.core import mail

    from marketplace.order.buyer import guest_token
    from marketplace.order.fulfilment import ship_lines

    Order = get_model("order", "Order")
    with translation.override("en"):  # the buyer shops at /en/...
        client.post(reverse("basket:add", kwargs={"pk": shop["tea"].pk}), {"quantity": 2})
        assert_english(client, reverse("checkout:index"))
        client.post(reverse("checkout:index"), {"username": "lan@example.vn", "options": "anonymous"})
        assert_english(client, reverse("checkout:shipping-address"))
        # Sent with errors: the messages are English too.
        response = client.post(reverse("checkout:shipping-address"), {**address_in_hue, "phone_number": "1"})
        assert response.status_code == 200
        assert vietnamese_texts(response.content.decode(), names_of_data()) == []
        response = client.post(reverse("checkout:shipping-address"), address_in_hue)
        assert response.status_code == 302, response.context["form"].errors
        client.get(reverse("checkout:shipping-method"))
        assert_english(client, reverse("checkout:payment-details"))
        client.post(reverse("checkout:payment-details"), {"payment_method": "cod"})
        assert_english(client, reverse("checkout:preview"))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("checkout:preview"), {"action": "place_order"})
        assert response.status_code == 302
        assert_english(client, reverse("checkout:thank-you"))
        order = Order.objects.get()
        assert_english(client, reverse("buyer-order", kwargs={"number": order.number, "token": guest_token(order)}))

    confirmation = next(m for m in mail.outbox if m.to == ["lan@example.vn"])
    assert "Quang Tho pennywort tea" in confirmation.body
    assert_english_text(confirmation.subject + "\n" + confirmation.body, "order confirmation")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ship_lines(None, order, [order.lines.get().pk], "ghn", "lbk7xh9n")
    shipped = next(m for m in mail.outbox if m.to == ["lan@example.vn"])
    assert "lbk7xh9n".upper() in shipped.body.upper()
    assert_english_text(shipped.subject + "\n" + shipped.body, "shipped email")


def test_a_story_page_is_english(client, shop):
    from wagtail.models import Locale
    from wagtail.rich_text import RichText

    from cms.models import StoryIndexPage
    from cms.sections import translation_of
    from tests.pages import make_story

    stories = StoryIndexPage.objects.get(locale__language_code="vi")
    story = make_story(stories, title="Trà rau má của Quảng Thọ", products=[shop["tea"]])
    english_story = translation_of(
        story, Locale.objects.get(language_code="en"), title="Quang Tho's pennywort tea",
        intro="An OCOP story.",
        body=[("heading", {"text": "From the craft village", "level": "h2"}),
              ("paragraph", RichText("<p>The maker's story.</p>")),
              ("product", {"product": shop["tea"], "note": ""})],
    )
    assert_english(client, english_story.get_url())


@pytest.mark.parametrize("msgid, plural", [
    ("<strong>%(num_results)s</strong> certified product", "<strong>%(num_results)s</strong> certified products"),
    ("%(counter)s item", "%(counter)s items"),
    ("from %(counter)s verified purchase", "from %(counter)s verified purchases"),
])
def test_counts_have_english_plurals_and_one_vietnamese_form(msgid, plural):
    with translation.override("en"):
        assert translation.ngettext(msgid, plural, 1) == msgid
        assert translation.ngettext(msgid, plural, 2) == plural
    with translation.override("vi"):
        one, two = translation.ngettext(msgid, plural, 1), translation.ngettext(msgid, plural, 2)
        assert one == two and one not in (msgid, plural)


def test_the_basket_counts_its_items_in_each_language(client, shop):
    client.post(reverse("basket:add", kwargs={"pk": shop["tea"].pk}), {"quantity": 1})
    html = client.get("/en/").content.decode()  # the header's mini basket
    assert '<span class="ocop-basket-count">1 item</span>' in html
    client.post(reverse("basket:add", kwargs={"pk": shop["tea"].pk}), {"quantity": 1})
    html = client.get("/en/").content.decode()
    assert '<span class="ocop-basket-count">2 items</span>' in html
    html = client.get("/").content.decode()
    assert '<span class="ocop-basket-count">2 sản phẩm</span>' in html
