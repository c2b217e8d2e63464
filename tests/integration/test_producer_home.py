"""The producer's home page: their products with state, their certificates with
days to expiry, their open order lines and this month's sales, all their own."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from oscar.core.loading import get_model

from catalogue.applications import submit_application
from catalogue.certification import today
from marketplace.producers.dashboard.home import HOME_SECTIONS
from tests.factories import ProducerFactory, create_product, make_basket, place_basket, png_scan

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


def producer_user(django_user_model, producer, name):
    user = django_user_model.objects.create_user(username=name, email=f"{name}@example.vn", password="x")
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    producer.partner.users.add(user)
    return user


@pytest.fixture
def shop(django_user_model):
    quang_tho, bao_la = ProducerFactory(name="HTX Quảng Thọ II"), ProducerFactory(name="HTX Mây tre đan Bao La")
    tea = create_product("Trà rau má Quảng Thọ", price=85_000, stock=10, producer=quang_tho, is_public=True,
                         valid_until=today() + datetime.timedelta(days=20))
    honey = create_product("Mật ong Nam Đông", price=150_000, stock=0, producer=quang_tho, is_public=True)
    draft = create_product("Trà gừng (bản nháp)", star=None, producer=quang_tho, is_public=False)
    waiting = create_product("Trà sen", star=None, producer=quang_tho, is_public=True)
    never_submitted = create_product("Trà atisô", star=None, producer=quang_tho, is_public=True)
    lapsed = create_product("Chè xanh", producer=quang_tho, is_public=True,
                            valid_until=today() - datetime.timedelta(days=3))
    lamp = create_product("Đèn mây tre Bao La", group="handicraft", price=777_000, producer=bao_la)
    order = place_basket(make_basket((tea, 2), (lamp, 1)), guest_email="buyer@example.vn")
    user = producer_user(django_user_model, quang_tho, "quangtho")
    submit_application(waiting, user, **decision())
    return {
        "tea": tea, "honey": honey, "draft": draft, "waiting": waiting, "lapsed": lapsed, "lamp": lamp,
        "never_submitted": never_submitted, "order": order, "user": user,
        "other": producer_user(django_user_model, bao_la, "baola"),
    }


def decision(**overrides) -> dict:
    return {
        "decision_number": "1032/QĐ-UBND", "signed_on": today() - datetime.timedelta(days=10),
        "issuing_body": "UBND tỉnh Thừa Thiên Huế", "issuing_level": "province", "criteria_version": "148",
        "star": 3, "scan": png_scan(), **overrides,
    }


def section(response, name: str) -> dict:
    """The context of the home page's section rendered by ``.../home/<name>.html``."""
    return next(context for template, context in response.context["sections"] if template.endswith(f"/{name}.html"))


def test_home_shows_states_certificates_lines_and_own_sales(client, shop):
    client.force_login(shop["user"])
    response = client.get(reverse("producer-dashboard:producer-home"))
    page = response.content.decode()
    states = {p.title: p.state for p in section(response, "products")["products"]}
    assert states == {
        "Trà rau má Quảng Thọ": "on_sale", "Mật ong Nam Đông": "out_of_stock",
        "Trà gừng (bản nháp)": "draft", "Trà sen": "awaiting_verification", "Chè xanh": "not_certified",
        "Trà atisô": "not_certified",
    }
    assert "Đèn mây tre Bao La" not in page
    assert "Hết hạn sau 20 ngày" in page  # the tea's certificate, within 90 days
    assert "Đã hết hạn 3 ngày" in page
    assert f"Đơn hàng {shop['order'].number}" in page
    sales = section(response, "sales")["sales"]
    # 2 × 85.000: their own line only, no delivery fee, not the lamp.
    assert (sales["units"], sales["revenue"], sales["orders"]) == (2, 170_000, 1)
    assert "170.000" in page and "947.000" not in page


def test_cancelled_lines_do_not_count_as_sales(client, shop):
    shop["order"].lines.filter(product=shop["tea"]).update(status="Cancelled")
    client.force_login(shop["user"])
    response = client.get(reverse("producer-dashboard:producer-home"))
    assert section(response, "sales")["sales"]["units"] == 0
    assert f"Đơn hàng {shop['order'].number}" not in response.content.decode()


def test_home_query_count_does_not_grow_with_products(client, shop, django_assert_max_num_queries):
    client.force_login(shop["user"])
    client.get(reverse("producer-dashboard:producer-home"))
    for n in range(5):
        create_product(f"Sản phẩm {n}", producer=shop["tea"].producer, is_public=True)
    with django_assert_max_num_queries(24):
        client.get(reverse("producer-dashboard:producer-home"))


def test_home_sections_are_one_list():
    assert [s.template.rsplit("/", 1)[1] for s in HOME_SECTIONS] == [
        "expiry.html", "products.html", "certificates.html", "applications.html", "order_lines.html", "sales.html",
        "money.html"]


def test_awaiting_verification_follows_the_pending_application(client, shop, django_user_model):
    """A product awaits verification while an application for it is pending; once
    rejected it is "not certified" again, and approved it goes on sale."""
    from catalogue.applications import approve_application, reject_application
    from marketplace.producers.listings import listing_state, listings_of

    def state(product):
        return listing_state(listings_of(product.producer).get(pk=product.pk))

    officer = django_user_model.objects.create_superuser("officer", "officer@cho-ocop.vn", "pw")
    StockRecord.objects.filter(product=shop["waiting"]).update(num_in_stock=5)
    application = shop["waiting"].applications.get()
    client.force_login(shop["user"])
    page = client.get(reverse("producer-dashboard:producer-home")).content.decode()
    assert "producer-state--awaiting_verification" in page and "Đang chờ xác minh" in page
    reject_application(application, officer, "Bản chụp không rõ số quyết định.")
    assert state(shop["waiting"]) == "not_certified"
    approve_application(submit_application(shop["waiting"], shop["user"], **decision()), officer)
    assert state(shop["waiting"]) == "on_sale"
    # A renewal pending for a product on sale leaves it on sale.
    submit_application(shop["tea"], shop["user"], **decision(decision_number="77/QĐ-UBND"))
    assert state(shop["tea"]) == "on_sale"


def test_producers_land_on_their_home_and_operators_on_theirs(client, shop, django_user_model):
    client.force_login(shop["user"])
    assert client.get(reverse("dashboard:index"))["Location"] == reverse("producer-dashboard:producer-home")
    nav = client.get(reverse("producer-dashboard:producer-home")).content.decode()
    assert reverse("producer-dashboard:producer-product-create") in nav
    assert reverse("producer-dashboard:producer-operator-invite") not in nav
    operator = django_user_model.objects.create_superuser("op", "op@cho-ocop.vn", "pw")
    client.force_login(operator)
    assert client.get(reverse("dashboard:index")).status_code == 200
    assert client.get(reverse("producer-dashboard:producer-home"))["Location"] == reverse("dashboard:index")


def test_a_customer_cannot_open_the_producer_home(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("buyer", "b@example.vn", "pw"))
    response = client.get(reverse("producer-dashboard:producer-home"))
    assert response.status_code in (302, 403)
