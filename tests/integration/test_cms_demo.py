"""The CMS demo loader: builds the site around the demo products, idempotently."""

import io

import pytest
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site, WorkflowPage

from cms.models import HomePage, ProducerPage, RegionPage, StoryPage
from marketplace.demo.pages import STORIES, load_cms_demo
from tests.factories import ProducerFactory, ProvinceFactory, create_product

pytestmark = pytest.mark.django_db


def test_load_cms_demo_builds_the_site_and_is_idempotent(client):
    hue = ProvinceFactory()
    quang_ninh = ProvinceFactory(code="22", name="Tỉnh Quảng Ninh", short_name="Quảng Ninh", division_type="tỉnh")
    create_product("Chả mực Hạ Long", group="food", producer=ProducerFactory(province=quang_ninh))
    # A third province with products gets a generated region page.
    phu_tho = ProvinceFactory(code="25", name="Tỉnh Phú Thọ", short_name="Phú Thọ", division_type="tỉnh")
    create_product("Bưởi Đoan Hùng", group="food", producer=ProducerFactory(province=phu_tho))
    # A province whose only product lapsed gets none.
    ha_tinh = ProvinceFactory(code="42", name="Tỉnh Hà Tĩnh", short_name="Hà Tĩnh", division_type="tỉnh")
    create_product("Kẹo cu đơ", group="food", producer=ProducerFactory(province=ha_tinh), status="revoked")
    bao_la = ProducerFactory(name="HTX Mây tre đan Bao La", province=hue)
    lamp = create_product("Đèn trang trí mây tre Bao La", producer=bao_la, group="handicraft")
    tea = create_product(
        "Trà rau má Quảng Thọ", producer=ProducerFactory(name="HTX NN Quảng Thọ II", province=hue)
    )

    out = io.StringIO()
    load_cms_demo(stdout=out)
    counts = (Page.objects.count(), get_image_model().objects.count())
    load_cms_demo(stdout=io.StringIO())
    assert (Page.objects.count(), get_image_model().objects.count()) == counts

    home = HomePage.objects.get(locale__language_code="vi")
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
    assert WorkflowPage.objects.filter(page__in=HomePage.objects.all()).count() == 2
    for language in ("vi", "en"):
        assert StoryPage.objects.live().filter(locale__language_code=language).count() == len(STORIES) >= 6
        regions = RegionPage.objects.live().filter(locale__language_code=language)
        assert sorted(regions.values_list("province__short_name", flat=True)) == ["Huế", "Phú Thọ", "Quảng Ninh"]
    assert ProducerPage.objects.filter(producer=bao_la).count() == 2

    # Stories link the products that exist; missing ones are reported, not invented.
    lamp_story = StoryPage.objects.get(slug="den-may-tre-bao-la", locale__language_code="vi")
    assert lamp_story.product_ids_in_body() == [lamp.pk]
    assert lamp_story.get_parent().specific.producer == bao_la
    assert tea.story_links.count() == 2  # the Vietnamese story and its English translation
    assert "no product matching" in out.getvalue()

    english = lamp_story.get_translation(Locale.objects.get(language_code="en"))
    assert english.title.startswith("Bao La rattan lamps")
    assert english.title in client.get("/en/cau-chuyen/").content.decode()
    assert lamp_story.title in client.get("/cau-chuyen/").content.decode()
    assert "Sản phẩm OCOP được chứng nhận" in client.get("/").content.decode()


def test_find_product_folds_case_and_prefers_sellable_products():
    from django.utils import timezone

    from marketplace.demo.pages import find_product

    lapsed = create_product(
        "Đèn trang trí mây tre (cũ)", valid_until=timezone.localdate() - timezone.timedelta(days=1)
    )
    combined = create_product("Đèn trang trí, rổ, rá mây tre Bao La", group="handicraft")
    assert find_product((("Rổ", "mây tre"),)) == combined
    assert find_product((("Đèn", "mây tre"),)) == combined
    assert find_product(("ĐÈN TRANG TRÍ MÂY TRE (CŨ)",)) == lapsed
    assert find_product((lapsed.upc,)) == lapsed
    assert find_product(("Rượu mơ",)) is None
