"""CMS pages on a minimal page tree: home, stories ↔ products, indexes, regions,
producers, both languages, search, and the pinned query count of a story."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from taggit.models import Tag
from wagtail.models import Locale

from cms.models import ProducerPage, RegionPage, StoryPage, StoryProduct
from cms.search import search_stories
from cms.sections import publish, setup_producer_section, translation_of
from cms.templatetags.cms_tags import stories_for_product
from tests.factories import ProducerFactory, ProvinceFactory, create_product
from tests.pages import build_site, make_story, story_body

pytestmark = pytest.mark.django_db


def not_available_vi() -> str:
    """The card's notice as a Vietnamese reader sees it."""
    with translation.override("vi"):
        return translation.gettext("Not currently available")


def basket_form_for(product) -> str:
    return f'action="{reverse("basket:add", kwargs={"pk": product.pk})}"'


@pytest.fixture
def site():
    return build_site()


@pytest.fixture
def hue():
    return ProvinceFactory()


@pytest.fixture
def quang_ninh():
    return ProvinceFactory(code="22", name="Tỉnh Quảng Ninh", short_name="Quảng Ninh", division_type="tỉnh")


@pytest.fixture
def bao_la(hue):
    return ProducerFactory(name="HTX Mây tre đan Bao La", province=hue)


def test_front_page_is_the_home_page_in_both_languages(client, site, bao_la):
    five = create_product("Gạo hữu cơ An Lỗ", star=5, group="food", producer=bao_la)
    four = create_product("Đèn mây tre", star=4, group="handicraft", producer=bao_la)
    expired = create_product(
        "Rổ mây tre", star=5, producer=bao_la, valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    story = make_story(site.stories["vi"], title="Nghề đan Bao La", products=[four], province=bao_la.province)

    assert reverse("home") == "/"
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sản phẩm OCOP được chứng nhận" in html
    # Featured rows: the 5★ and 4★ sellable products, never a lapsed one.
    assert f'data-sku="{five.upc}"' in html
    assert f'data-sku="{four.upc}"' in html
    assert f'data-sku="{expired.upc}"' not in html
    assert story.title in html

    with translation.override("en"):
        assert reverse("home") == "/en/"
    english = client.get("/en/").content.decode()
    assert "Certified OCOP products" in english
    assert "Sản phẩm OCOP được chứng nhận" not in english
    # The Vietnamese story has no English translation yet: not listed in English.
    assert story.title not in english
    # The shop's "home" links (brand, breadcrumbs) lead to the front page of the language.
    assert 'href="/en/"' in english
    with translation.override("vi"):
        product_url = four.get_absolute_url()
    assert 'href="/"' in client.get(product_url).content.decode()


def test_front_page_falls_back_to_the_catalogue_without_a_cms_home(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:index")


def test_story_shows_its_products_live_with_price_stars_and_basket_form(client, site, bao_la):
    lamp = create_product("Đèn mây tre Bao La", star=4, price=450_000, group="handicraft", producer=bao_la)
    rice = create_product("Gạo hữu cơ An Lỗ", star=5, price=120_000, group="food", producer=bao_la)
    story = make_story(site.stories["vi"], title="Đèn mây tre", products=[lamp, rice], producer=bao_la)

    html = client.get(story.url).content.decode()
    assert "450.000\xa0₫" in html and "120.000\xa0₫" in html
    assert "4★ OCOP" in html and "5★ OCOP" in html
    assert basket_form_for(lamp) in html and basket_form_for(rice) in html
    assert not_available_vi() not in html
    assert list(story.product_links.values_list("product_id", flat=True)) == [lamp.pk, rice.pk]


def test_expired_certificate_makes_the_story_product_unavailable(client, site, bao_la):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    lamp = create_product("Đèn mây tre Bao La", producer=bao_la, group="handicraft")
    tea = create_product("Trà rau má Quảng Thọ", producer=bao_la)
    story = make_story(site.stories["vi"], title="Đèn mây tre", products=[lamp, tea])
    assert basket_form_for(lamp) in client.get(story.url).content.decode()

    # The certificate's validity ended yesterday: no job runs, the page just knows.
    lamp.certificates.update(valid_until=yesterday)
    html = client.get(story.url).content.decode()
    card = re.search(rf'<article[^>]*data-sku="{lamp.upc}".*?</article>', html, re.S).group(0)
    assert not_available_vi() in card and "ocop-card--unavailable" in card
    assert basket_form_for(lamp) not in html
    assert "Đèn mây tre Bao La" in card
    # The other product is untouched.
    assert basket_form_for(tea) in html


def test_product_page_lists_its_stories_in_the_active_language(client, site, bao_la):
    tea = create_product("Trà rau má Quảng Thọ", producer=bao_la)
    other = create_product("Gạo hữu cơ An Lỗ", producer=bao_la, group="food")
    story = make_story(site.stories["vi"], title="Trà rau má: cánh đồng xanh", products=[tea], producer=bao_la)
    make_story(site.stories["vi"], title="Gạo An Lỗ", products=[other])
    make_story(site.stories["vi"], title="Bản nháp chưa duyệt", products=[tea], live=False)
    english = translation_of(story, Locale.objects.get(language_code="en"), title="Pennywort tea: green fields")

    html = client.get(tea.get_absolute_url()).content.decode()
    assert "Trà rau má: cánh đồng xanh" in html
    assert story.url in html
    assert "Gạo An Lỗ" not in html
    assert "Bản nháp chưa duyệt" not in html
    assert "Pennywort tea" not in html

    with translation.override("en"):
        assert [s.title for s in stories_for_product(tea)] == [english.title]


def test_product_stories_cost_one_query(site, bao_la, django_assert_num_queries):
    tea = create_product("Trà rau má Quảng Thọ", producer=bao_la)
    for n in range(4):
        make_story(site.stories["vi"], title=f"Câu chuyện {n}", products=[tea], producer=bao_la)
    with translation.override("vi"), django_assert_num_queries(1):
        stories = stories_for_product(tea)
        assert len(stories) == 4
        assert all(s.producer.name == bao_la.name for s in stories)


def test_product_links_follow_the_published_body_only(site, bao_la):
    tea = create_product("Trà rau má Quảng Thọ", producer=bao_la)
    rice = create_product("Gạo hữu cơ An Lỗ", producer=bao_la, group="food")
    story = make_story(site.stories["vi"], title="Trà", products=[tea])

    # A draft that swaps the product does not change what the live story links to.
    story.body = story_body([rice])
    story.save_revision()
    assert list(StoryProduct.objects.filter(story=story).values_list("product_id", flat=True)) == [tea.pk]

    story.get_latest_revision().publish()
    assert list(StoryProduct.objects.filter(story=story).values_list("product_id", flat=True)) == [rice.pk]


def test_story_index_filters_by_region_group_and_tag_and_paginates(client, site, hue, quang_ninh, bao_la):
    ha_long = ProducerFactory(name="Chả mực Hạ Long", province=quang_ninh)
    lamp = create_product("Đèn mây tre", producer=bao_la, group="handicraft")
    squid = create_product("Chả mực Hạ Long", producer=ha_long, group="food")
    make_story(site.stories["vi"], title="Đèn Bao La", products=[lamp], province=hue, tags=["thủ công"])
    make_story(site.stories["vi"], title="Chả mực Hòn Gai", products=[squid], province=quang_ninh, tags=["hải sản"])
    index_url = site.stories["vi"].url

    def titles(query=""):
        html = client.get(index_url + query).content.decode()
        return set(re.findall(r'cms-story-card__title"><a href="[^"]+">([^<]+)<', html))

    assert titles() == {"Đèn Bao La", "Chả mực Hòn Gai"}
    assert titles(f"?region={quang_ninh.codename}") == {"Chả mực Hòn Gai"}
    assert titles("?group=handicraft") == {"Đèn Bao La"}
    seafood = Tag.objects.get(name="hải sản")
    assert titles(f"?tag={seafood.slug}") == {"Chả mực Hòn Gai"}
    assert titles("?tag=no-such-tag") == set()

    for n in range(12):
        make_story(site.stories["vi"], title=f"Câu chuyện {n:02d}", province=hue)
    first, second = titles(), titles("?page=2")
    assert len(first) == 12 and len(second) == 2 and not first & second


def test_region_page_lists_its_products_with_a_star_filter_and_its_stories(client, site, hue, quang_ninh, bao_la):
    five = create_product("Gạo hữu cơ An Lỗ", star=5, producer=bao_la, group="food")
    four = create_product("Trà rau má", star=4, producer=bao_la)
    elsewhere = create_product("Chả mực", star=4, producer=ProducerFactory(province=quang_ninh), group="food")
    region = RegionPage(title="Huế", slug="hue", province=hue, intro="Huế có 25 sản phẩm OCOP cấp tỉnh năm 2021.")
    site.regions["vi"].add_child(instance=region)
    publish(region)
    make_story(site.stories["vi"], title="Ruộng lúa An Lỗ", products=[five], province=hue)

    html = client.get(region.url).content.decode()
    assert f'data-sku="{five.upc}"' in html and f'data-sku="{four.upc}"' in html
    assert f'data-sku="{elsewhere.upc}"' not in html
    assert "Ruộng lúa An Lỗ" in html
    five_only = client.get(region.url + "?star=5").content.decode()
    assert f'data-sku="{five.upc}"' in five_only and f'data-sku="{four.upc}"' not in five_only


def test_producer_page_shows_sellable_products_and_stories(client, site, bao_la):
    lamp = create_product("Đèn mây tre", producer=bao_la, group="handicraft")
    revoked = create_product("Rổ mây tre", producer=bao_la, group="handicraft", status="revoked")
    section = setup_producer_section(bao_la, intro="Làng nghề mây tre đan Bao La.")
    page = section.pages[0]
    assert isinstance(page, ProducerPage) and page.live
    make_story(page, title="Đan đèn", products=[lamp], producer=bao_la)

    html = client.get(page.url).content.decode()
    assert "Làng nghề mây tre đan Bao La." in html
    assert f'data-sku="{lamp.upc}"' in html
    assert f'data-sku="{revoked.upc}"' not in html
    assert "Đan đèn" in html


def test_story_renders_in_both_languages(client, site, bao_la):
    tea = create_product("Trà rau má Quảng Thọ", title_en="Quảng Thọ pennywort tea", producer=bao_la)
    story = make_story(site.stories["vi"], title="Trà rau má", products=[tea], intro="Rau má thành trà.")
    english = translation_of(
        story, Locale.objects.get(language_code="en"), title="Pennywort tea", intro="Pennywort becomes tea."
    )
    assert english.url.startswith("/en/")

    vi_html = client.get(story.url).content.decode()
    en_html = client.get(english.url).content.decode()
    assert "Rau má thành trà." in vi_html and "Trà rau má Quảng Thọ" in vi_html
    assert "Pennywort becomes tea." in en_html
    # The product card follows the language: its English title, same live price.
    assert "Quảng Thọ pennywort tea" in en_html
    assert "120.000\xa0₫" in en_html and basket_form_for(tea) in en_html
    assert '<html lang="en"' in en_html


def _render_queries(client, url) -> int:
    client.get(url)  # warm caches (site root paths, renditions, templates)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


#: SQL queries to render a story page, whatever its number of product blocks.
STORY_PAGE_QUERIES = 21  # 23 before the category menu was cached (issue 16)


def test_story_query_count_is_constant_in_product_blocks(client, site, bao_la):
    products = [create_product(f"Sản phẩm {n}", producer=bao_la) for n in range(10)]
    one = make_story(site.stories["vi"], title="Một sản phẩm", products=products[:1])
    ten = make_story(site.stories["vi"], title="Mười sản phẩm", products=products)

    one_html = client.get(one.url).content.decode()
    ten_html = client.get(ten.url).content.decode()
    assert one_html.count("cms-product-block__card") == 1
    assert ten_html.count("cms-product-block__card") == 10
    assert all(basket_form_for(p) in ten_html for p in products)

    assert _render_queries(client, one.url) == _render_queries(client, ten.url) == STORY_PAGE_QUERIES


def test_search_stories_matches_in_the_requested_language(site, bao_la):
    tea = create_product("Trà rau má", producer=bao_la)
    story = make_story(
        site.stories["vi"], title="Trà rau má Quảng Thọ", products=[tea], producer=bao_la,
        text="Rau má được sấy khô thành trà túi lọc.",
    )
    make_story(site.stories["vi"], title="Chả mực Hạ Long", text="Mực giã tay ở chợ Hòn Gai.")
    make_story(site.stories["vi"], title="Rau má bản nháp", live=False)
    translation_of(story, Locale.objects.get(language_code="en"), title="Quảng Thọ pennywort tea")

    found = search_stories("rau má", "vi")
    assert [s.pk for s in found] == [story.pk]
    assert [s.title for s in search_stories("pennywort", "en")] == ["Quảng Thọ pennywort tea"]
    assert search_stories("pennywort", "vi") == []
    assert [s.title for s in search_stories("Hòn Gai", Locale.objects.get(language_code="vi"))] == ["Chả mực Hạ Long"]
    assert search_stories("", "vi") == [] and search_stories("rau má", "fr") == []
    assert len(search_stories("trà", "vi", limit=1)) <= 1
    with translation.override("en"):
        assert [s.title for s in search_stories("pennywort", None)] == ["Quảng Thọ pennywort tea"]


def test_story_pages_only_accept_sellable_products_in_the_chooser(admin_client, site, bao_la):
    sellable = create_product("Trà rau má", producer=bao_la)
    lapsed = create_product(
        "Rổ mây tre", producer=bao_la, valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    never = create_product("Chưa chứng nhận", producer=bao_la, star=None)
    html = admin_client.get(reverse("product_chooser:choose")).json()["html"]
    assert "Trà rau má" in html and "Rổ mây tre" not in html and "Chưa chứng nhận" not in html

    results_url = reverse("product_chooser:choose_results")
    assert "Trà rau má" in admin_client.get(results_url + "?q=rau").content.decode()
    assert "Trà rau má" not in admin_client.get(results_url + "?q=gạo").content.decode()
    # The chosen product is what the story's product block stores.
    chosen = admin_client.get(reverse("product_chooser:chosen", args=[sellable.pk])).json()
    assert chosen["result"]["id"] == str(sellable.pk)
    assert never.pk and lapsed.pk and sellable.pk
    assert StoryPage.objects.count() == 0


def test_language_switch_on_a_story(client, site, bao_la):
    tea = create_product("Trà rau má Quảng Thọ", producer=bao_la)
    translated = make_story(site.stories["vi"], title="Trà rau má", products=[tea])
    english = translation_of(translated, Locale.objects.get(language_code="en"), title="Pennywort tea")
    english.slug = "pennywort-tea"
    publish(english)
    untranslated = make_story(site.stories["vi"], title="Chả mực Hạ Long", products=[tea])

    # The shop's switch posts to set_language with the current path (its form
    # action, rendered on a Vietnamese page, has no language prefix).
    with translation.override("vi"):
        set_language = reverse("set_language")
    response = client.post(set_language, {"language": "en", "next": translated.url}, follow=True)
    assert response.redirect_chain[-1][0] == "/en/cau-chuyen/pennywort-tea/"
    assert "<h1>Pennywort tea</h1>" in response.content.decode()

    # No English version yet: the reader gets the Vietnamese story and a note, not a 404.
    response = client.post(set_language, {"language": "en", "next": untranslated.url}, follow=True)
    assert response.redirect_chain[-1][0] == untranslated.url
    html = response.content.decode()
    assert "<h1>Chả mực Hạ Long</h1>" in html
    assert "This page is not available in English yet" in html
    assert client.get("/en/cau-chuyen/no-such-story/").status_code == 404


def test_story_blocks_video_quote_image_and_a_deleted_product(client, site, bao_la):
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    from cms.sections import get_root_collection

    url = "https://www.youtube.com/watch?v=ocop-bao-la"
    # A cached embed: rendering never reaches the network.
    Embed.objects.create(
        hash=get_embed_hash(url, max_width=960), url=url, max_width=960, type="video", width=960, height=540,
        html='<iframe title="Bao La" src="https://www.youtube.com/embed/ocop-bao-la"></iframe>',
    )
    image = get_image_model().objects.create(
        title="Xưởng đan", file=get_test_image_file(), collection=get_root_collection()
    )
    lamp = create_product("Đèn mây tre", producer=bao_la, group="handicraft")
    gone = create_product("Rổ mây tre", producer=bao_la, group="handicraft")
    story = make_story(site.stories["vi"], title="Bao La", products=[lamp, gone])
    story.body.append(("video", {"video": url, "caption": "Thợ đan Bao La"}))
    story.body.append(("quote", {"text": "Mỗi chiếc đèn là một tuần làm việc.", "attribution": "Thợ đan"}))
    story.body.append(("image", {"image": image, "caption": "Xưởng đan mây", "attribution": ""}))
    publish(story)
    gone.delete()

    html = client.get(story.url).content.decode()
    assert "https://www.youtube.com/embed/ocop-bao-la" in html
    assert "Mỗi chiếc đèn là một tuần làm việc." in html and "— Thợ đan" in html
    assert "Xưởng đan mây" in html and "<img" in html
    assert basket_form_for(lamp) in html
    assert html.count("cms-product-block__card") == 1


def test_search_stories_partial_renders_links(rf, site, bao_la):
    from django.template.loader import render_to_string

    story = make_story(site.stories["vi"], title="Trà rau má Quảng Thọ", intro="Rau má thành trà.")
    request = rf.get("/search/?q=rau")
    html = render_to_string(
        "cms/includes/search_stories.html",
        {"stories": search_stories("rau má", "vi"), "query": "rau má", "request": request},
    )
    assert f'href="{story.url}"' in html and "Rau má thành trà." in html
    assert render_to_string("cms/includes/search_stories.html", {"stories": []}).strip() == ""
