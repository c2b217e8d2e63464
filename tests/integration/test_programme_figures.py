"""The OCOP programme's figures (Dashboard → Reports): every count equals one
computed independently from the database, agrees with the catalogue, follows the
province and date filters, and downloads as CSV and XLSX. Also the ranked scans of
lapsed certificates. Operators only."""

import csv
import datetime
import io
from collections import Counter, defaultdict

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from oscar.core.loading import get_model

from catalogue.models import Certificate, CertificateScan, Product
from catalogue.search.indexing import index_products
from marketplace.order.fulfilment import change_line_status
from marketplace.reports.figures import Filters, programme_figures
from tests.factories import (
    CertificateFactory,
    ProducerFactory,
    ProvinceFactory,
    RecognitionDecisionFactory,
    create_product,
    make_basket,
    place_basket,
    producer_user,
)

pytestmark = pytest.mark.django_db

Producer = get_model("producers", "Producer")
Line = get_model("order", "Line")


def today():
    return timezone.localdate()


@pytest.fixture
def world(django_user_model):
    hue = ProvinceFactory(code="46")
    quang_ninh = ProvinceFactory(code="22", name="Tỉnh Quảng Ninh", short_name="Quảng Ninh", division_type="tỉnh")
    coop = ProducerFactory(name="HTX Quảng Thọ II", kind=Producer.KIND_COOPERATIVE, province=hue)
    household = ProducerFactory(name="Hộ kinh doanh An Lỗ", kind=Producer.KIND_HOUSEHOLD, province=hue)
    company = ProducerFactory(name="Công ty Hạ Long Food", kind=Producer.KIND_ENTERPRISE, province=quang_ninh)
    group = ProducerFactory(name="Tổ hợp tác Uông Bí", kind=Producer.KIND_COOPERATIVE_GROUP, province=quang_ninh)
    soon = today() + datetime.timedelta(days=30)
    products = {
        "tea": create_product("Trà rau má", group="beverage", star=4, producer=coop, price=85_000),
        "rice": create_product("Gạo An Lỗ", group="food", star=5, producer=household, price=60_000),
        "honey": create_product("Mật ong", group="food", star=4, potential_5=True, producer=group, price=250_000),
        "squid": create_product("Chả mực", group="food", star=3, producer=company, price=350_000,
                                valid_until=soon),
        "lamp": create_product("Đèn mây tre", group="handicraft", star=3, producer=coop, price=450_000),
        "wine": create_product("Rượu mơ", group="beverage", star=4, producer=company, price=150_000, valid_until=soon),
        "hidden": create_product("Ẩn", group="food", star=4, producer=coop, is_public=False),
        "expired": create_product("Chuối", group="food", star=4, producer=household,
                                  valid_until=today() - datetime.timedelta(days=1)),
        "revoked": create_product("Hương", group="herbal", star=4, producer=household,
                                  status=Certificate.STATUS_REVOKED),
    }
    # The lamp also holds a 5★ certificate: counted once, as 5★.
    CertificateFactory(product=products["lamp"], star=5)
    # The wine's certificate runs out soon but it is already renewed: not "expiring".
    CertificateFactory(product=products["wine"], star=4,
                       decision=RecognitionDecisionFactory(signed_on=today() - datetime.timedelta(days=10)))
    Certificate.objects.filter(product=products["revoked"]).update(revoked_on=today() - datetime.timedelta(days=3))
    index_products([products["lamp"].pk, products["wine"].pk])  # as the admin's save does
    # Sales: two orders, one line cancelled.
    first = place_basket(make_basket((products["tea"], 2), (products["squid"], 1)), guest_email="a@example.vn")
    second = place_basket(make_basket((products["tea"], 1), (products["honey"], 3), (products["rice"], 4)),
                          guest_email="b@example.vn")
    admin = django_user_model.objects.create_superuser(username="op", email="op@example.vn", password="x")
    rice_line = second.lines.get(product=products["rice"])
    change_line_status(admin, second, [rice_line.pk], "Cancelled")
    return {"products": products, "hue": hue, "quang_ninh": quang_ninh, "orders": [first, second]}


def independent_star(product, on):
    """The star a product holds on ``on``, from its certificates, by hand."""
    valid = [c for c in product.certificates.all()
             if c.status == "active" and c.star >= 3 and c.valid_until >= on]
    if not valid or not product.is_public:
        return None
    best = max(valid, key=lambda c: (c.star, c.valid_until))
    return "potential_5" if best.potential_5 else str(best.star)


def table(tables, key):
    found = next(t for t in tables if t.key == key)
    return {label: values for label, values in (*found.rows, *found.footer)}


def test_certified_product_counts_equal_independent_counts(world):
    on = today()
    tables = programme_figures(Filters(date_from=on - datetime.timedelta(days=365), date_to=on))
    stars = Counter()
    kinds = Counter()
    provinces = Counter()
    for product in Product.objects.all():
        star = independent_star(product, on)
        if star:
            stars[star] += 1
            kinds[product.producer.get_kind_display()] += 1
            provinces[product.producer.province.name] += 1
    by_star = table(tables, "by_star")
    assert by_star["3★"] == [stars["3"]] == [1]  # the squid (the lamp counts as 5★)
    assert by_star["4★"] == [stars["4"]] == [2]  # tea, wine
    assert by_star["5★"] == [stars["5"]] == [2]  # rice, lamp
    assert [v for k, v in by_star.items() if "tiềm năng" in k] == [[stars["potential_5"]]] == [[1]]
    assert by_star["Tổng cộng"] == [sum(stars.values())] == [6]
    by_kind = table(tables, "by_kind")
    assert {k: v[0] for k, v in by_kind.items() if v[0]} == {str(k): v for k, v in kinds.items()}
    assert {k: v[0] for k, v in table(tables, "by_province").items()} == dict(provinces)
    by_group = table(tables, "by_group")
    assert by_group["Thực phẩm"] == [3] and by_group["Đồ uống"] == [2] and by_group["Hàng thủ công mỹ nghệ"] == [1]
    assert by_group["Dược liệu và sản phẩm từ dược liệu"] == [0]


def test_counts_agree_with_the_catalogue(client, world):
    tables = programme_figures(Filters(date_from=today() - datetime.timedelta(days=30), date_to=today()))
    response = client.get(reverse("catalogue:index"))
    assert table(tables, "by_star")["Tổng cộng"] == [response.context["results"].total]
    facet = next(f for f in response.context["facets"] if f["name"] == "stars")
    catalogue_stars = {int(v["value"]): v["count"] for v in facet["values"]}
    by_star = table(tables, "by_star")
    potential = next(v[0] for k, v in by_star.items() if "tiềm năng" in k)
    assert catalogue_stars.get(3, 0) == by_star["3★"][0]
    assert catalogue_stars.get(4, 0) == by_star["4★"][0] + potential
    assert catalogue_stars.get(5, 0) == by_star["5★"][0]


def test_province_filter(world):
    on = today()
    tables = programme_figures(Filters(date_from=on - datetime.timedelta(days=365), date_to=on,
                                       province=world["quang_ninh"]))
    assert table(tables, "by_star")["Tổng cộng"] == [3]  # squid, wine, honey
    assert set(table(tables, "by_province")) == {world["quang_ninh"].name}
    assert set(table(tables, "sales_by_province")) == {world["quang_ninh"].name}


def test_an_earlier_day_counts_what_was_certified_then(world):
    later = today() + datetime.timedelta(days=31)
    tables = programme_figures(Filters(date_from=today(), date_to=later))
    # The squid's only certificate ends within 30 days; the wine was renewed.
    assert table(tables, "by_star")["3★"] == [0]
    assert table(tables, "by_star")["4★"] == [2]


def test_expiring_within_90_days(world):
    tables = programme_figures(Filters(date_from=today() - datetime.timedelta(days=30), date_to=today()))
    expiring = table(tables, "expiring")
    assert list(expiring) == ["Chả mực"]
    assert expiring["Chả mực"][4] == (today() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    assert expiring["Chả mực"][5] == 30


def test_new_and_lapsed_per_month(world):
    start = today() - datetime.timedelta(days=400)
    tables = programme_figures(Filters(date_from=start, date_to=today()))
    monthly = table(tables, "monthly")
    certificates = Certificate.objects.select_related("decision")
    new, expired, revoked = Counter(), Counter(), Counter()
    for c in certificates:
        if start <= c.decision.signed_on <= today():
            new[c.decision.signed_on.strftime("%m/%Y")] += 1
        if c.status == "active" and start <= c.valid_until < today():
            expired[c.valid_until.strftime("%m/%Y")] += 1
        if c.status == "revoked" and c.revoked_on and start <= c.revoked_on <= today():
            revoked[c.revoked_on.strftime("%m/%Y")] += 1
    assert {m: v[0] for m, v in monthly.items() if v[0]} == dict(new)
    assert {m: v[1] for m, v in monthly.items() if v[1]} == dict(expired)
    assert {m: v[2] for m, v in monthly.items() if v[2]} == dict(revoked)
    assert sum(v[0] for v in monthly.values()) == 11  # nine products' certificates and two more


def test_sales_equal_independent_sums_without_cancelled_lines(world):
    tables = programme_figures(Filters(date_from=today() - datetime.timedelta(days=1), date_to=today()))
    by_province = defaultdict(lambda: [set(), 0, 0])
    by_kind = defaultdict(lambda: [set(), 0, 0])
    for line in Line.objects.select_related("product__producer__province"):
        if line.status == "Cancelled":
            continue
        for bucket in (by_province[line.product.producer.province.name],
                       by_kind[line.product.producer.get_kind_display()]):
            bucket[0].add(line.order_id)
            bucket[1] += line.quantity
            bucket[2] += int(line.line_price_incl_tax)
    expected = {k: [len(v[0]), v[1], v[2]] for k, v in by_province.items()}
    assert table(tables, "sales_by_province") == expected
    assert expected[world["hue"].name] == [2, 3, 255_000]  # tea 3 × 85.000; the rice line was cancelled
    sales_by_kind = table(tables, "sales_by_kind")
    assert {k: v for k, v in sales_by_kind.items() if v[1]} == {
        str(k): [len(v[0]), v[1], v[2]] for k, v in by_kind.items()
    }
    by_star = table(tables, "sales_by_star")
    assert by_star["4★"] == [2, 3, 255_000]
    assert by_star["3★"] == [1, 1, 350_000]
    assert next(v for k, v in by_star.items() if "tiềm năng" in k) == [1, 3, 750_000]
    assert by_star["5★"] == [0, 0, 0]
    # Outside the dates: nothing.
    tables = programme_figures(Filters(date_from=today() - datetime.timedelta(days=60),
                                       date_to=today() - datetime.timedelta(days=30)))
    assert all(values[1] == 0 for values in table(tables, "sales_by_star").values())


def test_report_page_downloads_and_chart(admin_client, world):
    url = reverse("dashboard:reports-ocop-figures")
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg class="ocop-chart"' in html and 'data-table="by_star"' in html
    response = admin_client.get(url, {"province": "22", "download": "csv", "table": "by_star"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Hạng sao", "Sản phẩm được chứng nhận"]
    assert rows[-1] == ["Tổng cộng", "3"]
    response = admin_client.get(url, {"download": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 10
    sheet = workbook[workbook.sheetnames[0]]
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert values[-1] == ["Tổng cộng", 6]
    response = admin_client.get(url, {"download": "csv", "table": "nope"})
    assert response.status_code == 400


def test_bad_filters_get_a_clear_error(admin_client, world):
    url = reverse("dashboard:reports-ocop-figures")
    response = admin_client.get(url, {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 400
    assert "Ngày bắt đầu phải trước hoặc trùng ngày kết thúc." in response.content.decode()
    response = admin_client.get("/en" + url, {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert "The start date must be on or before the end date." in response.content.decode()


def test_reports_are_for_operators_only(client, world, django_user_model):
    client.force_login(producer_user(world["products"]["tea"].producer, "p"))
    for name in ("reports-ocop-figures", "reports-ocop-lapsed-scans"):
        assert client.get(reverse(f"dashboard:{name}")).status_code in (302, 403)


def test_lapsed_scans_are_ranked(admin_client, world):
    products = world["products"]
    expired = products["expired"].certificates.get()
    revoked = products["revoked"].certificates.get()
    valid = products["tea"].certificates.get()
    day = today()
    CertificateScan.objects.bulk_create([
        CertificateScan(certificate=expired, day=day, count=4),
        CertificateScan(certificate=expired, day=day - datetime.timedelta(days=1), count=3),  # its last valid day
        CertificateScan(certificate=revoked, day=day, count=9),
        CertificateScan(certificate=revoked, day=day - datetime.timedelta(days=5), count=50),  # before revocation
        CertificateScan(certificate=valid, day=day, count=100),
    ])
    html = admin_client.get(reverse("dashboard:reports-ocop-lapsed-scans")).content.decode()
    assert html.index(f'data-code="{revoked.code}"') < html.index(f'data-code="{expired.code}"')
    assert 'data-scans="9"' in html and 'data-scans="4"' in html
    assert f'data-code="{valid.code}"' not in html
