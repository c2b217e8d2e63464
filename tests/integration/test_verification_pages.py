"""Public certificate verification (/verify/<code>/): every state in both languages,
unknown codes, the search box, caching headers (no cookies), link previews, the
scan count and a constant number of queries."""

import datetime
import re
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from catalogue.certification import STATE_EXPIRED, STATE_REVOKED, STATE_SUPERSEDED, STATE_VALID
from catalogue.models import Certificate, CertificateScan
from catalogue.verification.codes import ALPHABET, normalise_code
from catalogue.verification.scans import record_scan
from tests.factories import (
    CertificateFactory,
    ProducerFactory,
    RecognitionDecisionFactory,
    create_product,
)

pytestmark = pytest.mark.django_db

SITE = "https://cho-ocop.example"


def today():
    return timezone.localdate()


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.VERIFY_CACHE_SECONDS = 300


@pytest.fixture
def world():
    producer = ProducerFactory(name="HTX Nông nghiệp Quảng Thọ II")
    tea = create_product("Trà rau má Quảng Thọ", title_en="Quang Tho pennywort tea", producer=producer)
    until_today = create_product("Gạo hữu cơ An Lỗ", title_en="An Lo organic rice", producer=producer,
                                 valid_until=today())
    expired = create_product("Chuối già lùn A Lưới", title_en="A Luoi dwarf banana", producer=producer,
                             valid_until=today() - datetime.timedelta(days=1))
    revoked = create_product("Hương sạch Tân Nguyên", title_en="Tan Nguyen clean incense", producer=producer)
    revoked_certificate = revoked.certificates.get()
    revoked_certificate.status = Certificate.STATUS_REVOKED
    revoked_certificate.revoked_on = datetime.date(2025, 7, 15)
    revoked_certificate.revocation_reason = "Sản phẩm không duy trì chất lượng như hồ sơ đánh giá."
    revoked_certificate.save()
    # The tea's first certificate, replaced by the current one.
    old_decision = RecognitionDecisionFactory(number="77/QĐ-UBND", signed_on=today() - datetime.timedelta(days=900))
    current = tea.certificates.get()
    old = CertificateFactory(decision=old_decision, product=tea, star=3, status=Certificate.STATUS_SUPERSEDED,
                             superseded_by=current)
    return {
        STATE_VALID: current,
        "until_today": until_today.certificates.get(),
        STATE_EXPIRED: expired.certificates.get(),
        STATE_REVOKED: revoked_certificate,
        STATE_SUPERSEDED: old,
    }


def page(client, certificate, language="vi"):
    prefix = "/en" if language == "en" else ""
    response = client.get(f"{prefix}/verify/{certificate.code}/")
    assert response.status_code == 200
    return response, response.content.decode()


def visible(html: str) -> str:
    """The page's words without tags (assertions on what a person reads)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.split("<body", 1)[1]).split())


TEXTS = {
    "vi": {
        STATE_VALID: "Chứng nhận OCOP còn hiệu lực",
        STATE_EXPIRED: "Chứng nhận đã hết hạn",
        STATE_REVOKED: "Chứng nhận đã bị thu hồi",
        STATE_SUPERSEDED: "Đã được thay bằng chứng nhận mới hơn",
        "no_longer": "Dấu OCOP trên bao bì này không còn giá trị.",
        "shop": "Xem sản phẩm này trong cửa hàng",
        "newer": "Xem chứng nhận mới hơn",
    },
    "en": {
        STATE_VALID: "Valid OCOP certificate",
        STATE_EXPIRED: "Certificate expired",
        STATE_REVOKED: "Certificate revoked",
        STATE_SUPERSEDED: "Replaced by a newer certificate",
        "no_longer": "The OCOP mark on this packet is no longer valid.",
        "shop": "See this product in the shop",
        "newer": "See the newer certificate",
    },
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("key", [STATE_VALID, "until_today", STATE_EXPIRED, STATE_REVOKED, STATE_SUPERSEDED])
def test_each_state_in_both_languages(client, world, key, language):
    certificate = world[key]
    state = STATE_VALID if key == "until_today" else key
    assert certificate.state() == state
    response, html = page(client, certificate, language)
    text = visible(html)
    words = TEXTS[language]
    assert words[state] in text
    for other in {STATE_VALID, STATE_EXPIRED, STATE_REVOKED, STATE_SUPERSEDED} - {state}:
        assert words[other] not in text
    assert response["Content-Language"] == language
    # What the certificate says, whatever its state.
    product, decision = certificate.product, certificate.decision
    expected_title = product.title_en if language == "en" else product.title
    assert expected_title in text
    assert product.producer.name in text
    assert product.producer.province.name in text
    assert f"{certificate.star}★" in text
    assert decision.number in text
    assert decision.signed_on.strftime("%d/%m/%Y") in text
    assert decision.issuing_body in text
    assert str(decision.get_issuing_level_display()) in text or language == "vi"
    assert certificate.valid_until.strftime("%d/%m/%Y") in text
    assert certificate.code in text
    # A valid certificate leads to the shop; a lapsed one says the mark is void.
    with translation.override(language):
        shop_link = f'href="{product.get_absolute_url()}"'
    assert (shop_link in html) == (state == STATE_VALID)
    assert (words["shop"] in text) == (state == STATE_VALID)
    assert (words["no_longer"] in text) == (state in (STATE_EXPIRED, STATE_REVOKED))
    if state == STATE_REVOKED:
        assert "15/07/2025" in text
        assert certificate.revocation_reason in text
    if state == STATE_SUPERSEDED:
        assert words["newer"] in text
        assert f'/verify/{certificate.superseded_by.code}/"' in html


def test_expired_yesterday_and_valid_until_today_state_the_dates(client, world):
    yesterday = (today() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    text = visible(page(client, world[STATE_EXPIRED], "en")[1])
    assert f"This certificate expired: it was valid until {yesterday}." in text
    text = visible(page(client, world["until_today"], "en")[1])
    assert f"valid 4-star OCOP certificate until {today():%d/%m/%Y}" in text


@pytest.mark.parametrize("language", ["vi", "en"])
def test_unknown_code_is_404_with_the_search_box(client, world, language):
    prefix = "/en" if language == "en" else ""
    for code in ("ZZZZZZZZZZ", "not-a-code", "1"):
        response = client.get(f"{prefix}/verify/{code}/")
        assert response.status_code == 404
        html = response.content.decode()
        assert 'name="q"' in html and f'action="{prefix}/verify/"' in html
        expected = "No certificate has the code" if language == "en" else "Không có chứng nhận nào có mã"
        assert expected in visible(html)
        assert not response.cookies


def test_typed_code_redirects_to_its_one_address(client, world):
    code = world[STATE_VALID].code
    typed = f"{code[:4].lower()}-{code[4:]}"
    response = client.get(f"/verify/{typed}/")
    assert response.status_code == 301 and response["Location"] == f"/verify/{code}/"


def test_the_page_sets_no_cookie_and_can_be_cached_by_a_cdn(client, world):
    for path in (f"/verify/{world[STATE_VALID].code}/", f"/en/verify/{world[STATE_REVOKED].code}/",
                 "/verify/", "/en/verify/?q=Quảng"):
        response = client.get(path)
        assert response.status_code == 200
        assert not response.cookies, path  # no session, CSRF or basket cookie
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=300"} <= cache_control
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
        assert "cookie" not in vary  # one copy for everyone
        # The language is in the path: /en/ pages never vary; unprefixed ones are
        # always Vietnamese (Django still adds Accept-Language to them).
        assert vary <= {"accept-language"}
        if path.startswith("/en/"):
            assert not vary


def test_a_signed_in_producer_gets_the_same_cacheable_page(client, world, django_user_model):
    user = django_user_model.objects.create_user(username="p", email="p@example.vn", password="x")
    client.force_login(user)
    response = client.get(f"/verify/{world[STATE_VALID].code}/")
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    assert "p@example.vn" not in response.content.decode()


def test_open_graph_tags_preview_the_product_and_its_state(client, world):
    certificate = world[STATE_REVOKED]
    html = page(client, certificate, "en")[1]
    meta = dict(re.findall(r'<meta property="(og:[a-z:]+)" content="([^"]*)"', html))
    assert meta["og:title"].startswith("Tan Nguyen clean incense")
    assert "revoked on 15/07/2025" in meta["og:description"]
    assert meta["og:url"] == f"{SITE}/en/verify/{certificate.code}/"
    assert meta["og:image"].startswith(f"{SITE}/media/") and meta["og:image"].endswith((".jpg", ".png", ".jpeg"))
    vi = dict(re.findall(r'<meta property="(og:[a-z:]+)" content="([^"]*)"', page(client, world[STATE_VALID])[1]))
    assert vi["og:url"] == f"{SITE}/verify/{world[STATE_VALID].code}/"
    assert "Chứng nhận OCOP 4★ còn hiệu lực" in vi["og:description"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_search_box_finds_certificates_by_decision_product_producer_and_code(client, world, language):
    prefix = "/en" if language == "en" else ""
    revoked = world[STATE_REVOKED]
    html = client.get(f"{prefix}/verify/", {"q": revoked.decision.number}).content.decode()
    assert f"/verify/{revoked.code}/" in html
    html = client.get(f"{prefix}/verify/", {"q": "chuối già"}).content.decode()
    assert f"/verify/{world[STATE_EXPIRED].code}/" in html
    assert f"/verify/{revoked.code}/" not in html
    html = client.get(f"{prefix}/verify/", {"q": "Quảng Thọ II"}).content.decode()
    assert all(f"/verify/{c.code}/" in html for c in world.values())
    response = client.get(f"{prefix}/verify/", {"q": revoked.code.lower()})
    assert response.status_code == 302 and response["Location"] == f"{prefix}/verify/{revoked.code}/"
    html = client.get(f"{prefix}/verify/", {"q": "không có gì"}).content.decode()
    assert "/verify/" in html and "verify-result__link" not in html


def test_codes_are_random_unique_and_readable(world):
    codes = [c.code for c in Certificate.objects.all()]
    assert len(set(codes)) == len(codes)
    for certificate in Certificate.objects.all():
        assert len(certificate.code) >= 8 and set(certificate.code) <= set(ALPHABET)
        assert certificate.code != str(certificate.pk)
    assert normalise_code(" abcd 2345-km ") == "ABCD2345KM"
    assert normalise_code("O0O0O0O0O0") == ""  # look-alikes are not in the alphabet


def test_a_code_never_changes(world):
    certificate = world[STATE_VALID]
    code = certificate.code
    certificate.star = 5
    certificate.save()
    certificate.refresh_from_db()
    assert certificate.code == code


def test_scan_beacon_counts_per_certificate_and_day_without_personal_data(client, world):
    certificate = world[STATE_VALID]
    html = page(client, certificate)[1]
    beacon = re.search(r'<img class="verify-beacon" src="([^"]+)"', html).group(1)
    assert not CertificateScan.objects.exists()  # the page itself writes nothing
    for _ in range(3):
        response = client.get(beacon)
        assert response["Content-Type"] == "image/gif"
        assert "no-store" in response["Cache-Control"]
        assert not response.cookies
    client.get(beacon, headers={"Sec-Purpose": "prefetch"})  # a prefetch is not a scan
    scans = CertificateScan.objects.get()
    assert (scans.certificate_id, scans.day, scans.count) == (certificate.pk, today(), 3)
    assert {f.name for f in CertificateScan._meta.concrete_fields} == {"id", "certificate", "day", "count"}
    assert client.get("/verify/ZZZZZZZZZZ/scan.gif").status_code == 200
    assert CertificateScan.objects.count() == 1


def test_query_count_is_the_same_for_every_certificate(client, world):
    counts = {}
    for key, certificate in world.items():
        page(client, certificate)  # thumbnails are made once, then cached
        with CaptureQueriesContext(connection) as queries:
            page(client, certificate)
        counts[key] = len(queries)
    assert set(counts.values()) == {2}, counts


@pytest.mark.django_db(transaction=True)
def test_concurrent_scans_all_count():
    certificate = create_product("Mật ong bạc hà").certificates.get()
    day = datetime.date(2026, 1, 2)
    errors = []

    def scan_many():
        try:
            for _ in range(10):
                assert record_scan(certificate.code, day)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan_many) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert CertificateScan.objects.get(certificate=certificate, day=day).count == 60
