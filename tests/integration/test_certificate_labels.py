"""QR codes and label sheets in the dashboard: producers get their own certificates',
operators everyone's; the codes decode to the verification page's absolute URL;
a label sheet holds one sticker per copy asked for; producers see scan counts."""

import base64
import datetime
import io
import re
import zlib

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from catalogue.models import CertificateScan
from catalogue.verification.labels import LABELS_PER_SHEET, MAX_COPIES
from tests.factories import ProducerFactory, create_product, producer_user

pytestmark = pytest.mark.django_db

SITE = "https://cho-ocop.example"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE



@pytest.fixture
def shop():
    bao_la = ProducerFactory(name="HTX Mây tre đan Bao La")
    quang_tho = ProducerFactory(name="HTX Quảng Thọ II")
    lamp = create_product("Đèn trang trí mây tre", group="handicraft", producer=bao_la)
    tea = create_product("Trà rau má Quảng Thọ", producer=quang_tho)
    return {
        "lamp": lamp.certificates.get(),
        "tea": tea.certificates.get(),
        "bao_la_user": producer_user(bao_la, "baola"),
    }


def url(name, certificate):
    return reverse(f"dashboard:catalogue-certificate-{name}", kwargs={"code": certificate.code})


def decode(image: Image.Image) -> str:
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1
    return results[0].text


def rasterise_segno_svg(svg: str) -> Image.Image:
    """segno draws each row's dark runs as "h" strokes of one module: enough of SVG
    to turn it back into pixels for the decoder."""
    size = int(re.search(r'width="(\d+)"', svg).group(1))
    scale = int(re.search(r'scale\((\d+)\)', svg).group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    modules = size // scale
    image = Image.new("L", (modules, modules), 255)
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHh])([-\d. ]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            length = values[0]
            for column in range(int(x), int(x + length)):
                image.putpixel((column, int(y)), 0)
            x += length
    return image.resize((modules * 8, modules * 8), Image.NEAREST)


def test_qr_codes_decode_to_the_absolute_verification_url(admin_client, shop):
    certificate = shop["lamp"]
    expected = f"{SITE}/verify/{certificate.code}/"
    png = admin_client.get(url("qr-png", certificate))
    assert png["Content-Type"] == "image/png"
    assert f"ocop-{certificate.code}.png" in png["Content-Disposition"]
    assert decode(Image.open(io.BytesIO(png.content))) == expected
    svg = admin_client.get(url("qr-svg", certificate))
    assert svg["Content-Type"] == "image/svg+xml"
    assert decode(rasterise_segno_svg(svg.content.decode())) == expected


def pdf_streams(pdf: bytes) -> list[bytes]:
    """The PDF's streams, undoing reportlab's ASCII85 and Flate encodings."""
    streams = []
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        data = raw.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2].replace(b"\n", b"").replace(b"\r", b""))
        try:
            data = zlib.decompress(data)
        except zlib.error:
            pass
        streams.append(data)
    return streams


@pytest.mark.parametrize("copies, pages", [(1, 1), (LABELS_PER_SHEET, 1), (LABELS_PER_SHEET + 4, 2), (MAX_COPIES, 10)])
def test_label_sheet_has_one_label_per_copy(admin_client, shop, copies, pages):
    certificate = shop["tea"]
    response = admin_client.get(url("labels", certificate), {"copies": copies})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    placed = sum(len(re.findall(rb"/FormXob\.label Do", stream)) for stream in pdf_streams(pdf))
    assert placed == copies
    assert len(re.findall(rb"/Type /Page\b", pdf)) == pages
    # The sticker's QR code is vector paths drawn from the same code as the downloads.
    assert f"{SITE}/verify/{certificate.code}/".encode() in pdf  # the document's subject


def test_label_sheet_defaults_to_one_sheet(admin_client, shop):
    pdf = admin_client.get(url("labels", shop["tea"])).content
    assert sum(len(re.findall(rb"/FormXob\.label Do", s)) for s in pdf_streams(pdf)) == LABELS_PER_SHEET


@pytest.mark.parametrize("copies", ["0", "-3", str(MAX_COPIES + 1), "abc", "2.5"])
def test_copies_out_of_bounds_get_a_clear_error(admin_client, shop, copies):
    response = admin_client.get(url("labels", shop["tea"]), {"copies": copies})
    assert response.status_code == 400
    assert response.content.decode() == f"Số nhãn phải là một số nguyên từ 1 đến {MAX_COPIES}."
    response = admin_client.get("/en" + url("labels", shop["tea"]), {"copies": copies})
    assert response.status_code == 400
    assert response.content.decode() == f"Copies must be a whole number from 1 to {MAX_COPIES}."


def test_producer_downloads_only_their_own(client, shop):
    client.force_login(shop["bao_la_user"])
    for name in ("qr-svg", "qr-png", "labels"):
        assert client.get(url(name, shop["lamp"])).status_code == 200
        assert client.get(url(name, shop["tea"])).status_code == 404
    page = client.get(reverse("dashboard:catalogue-certificate-list")).content.decode()
    assert f'data-code="{shop["lamp"].code}"' in page
    assert f'data-code="{shop["tea"].code}"' not in page


def test_anonymous_and_customers_get_nothing(client, shop, django_user_model):
    assert client.get(url("qr-png", shop["lamp"])).status_code == 302  # to the login page
    customer = django_user_model.objects.create_user(username="c", email="c@example.vn", password="x")
    client.force_login(customer)
    assert client.get(url("qr-png", shop["lamp"])).status_code in (302, 403)
    assert client.get(reverse("dashboard:catalogue-certificate-list")).status_code in (302, 403)


def test_operator_sees_every_certificate_and_the_menu_entry(admin_client, shop):
    page = admin_client.get(reverse("dashboard:catalogue-certificate-list")).content.decode()
    assert f'data-code="{shop["lamp"].code}"' in page and f'data-code="{shop["tea"].code}"' in page
    menu = admin_client.get(reverse("dashboard:index")).content.decode()
    assert reverse("dashboard:catalogue-certificate-list") in menu
    assert reverse("dashboard:reports-ocop-figures") in menu


def test_producer_sees_scan_counts(client, shop):
    lamp = shop["lamp"]
    today = timezone.localdate()
    CertificateScan.objects.create(certificate=lamp, day=today, count=5)
    CertificateScan.objects.create(certificate=lamp, day=today - datetime.timedelta(days=10), count=2)
    CertificateScan.objects.create(certificate=lamp, day=today - datetime.timedelta(days=200), count=7)
    CertificateScan.objects.create(certificate=shop["tea"], day=today, count=99)
    client.force_login(shop["bao_la_user"])
    page = client.get(reverse("dashboard:catalogue-certificate-list")).content.decode()
    row = page.split(f'data-code="{lamp.code}"')[1].split("</tr>")[0]
    assert 'data-scans="recent">7<' in row
    assert 'data-scans="total">14<' in row
    assert "99" not in page


def test_certificate_list_costs_the_same_queries_for_more_certificates(admin_client, shop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    list_url = reverse("dashboard:catalogue-certificate-list")
    admin_client.get(list_url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(list_url)
    for n in range(6):
        create_product(f"Sản phẩm {n}", producer=ProducerFactory())
    with CaptureQueriesContext(connection) as more:
        page = admin_client.get(list_url).content.decode()
    assert page.count("data-code=") == 8
    assert len(more) == len(few)
