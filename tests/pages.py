"""Builders for small CMS page trees, shared by the tests and ``bench/story_render.py``.

They build the smallest site a check needs (a home page per language, the three
index pages, stories with product blocks) rather than loading the whole demo.
"""

from dataclasses import dataclass, field

from wagtail.models import Site
from wagtail.rich_text import RichText

from cms.models import HomePage, ProducerIndexPage, RegionIndexPage, StoryIndexPage, StoryPage
from cms.sections import content_locales, get_root_page, publish, translation_of


@dataclass
class MiniSite:
    #: {language code: page}
    home: dict = field(default_factory=dict)
    stories: dict = field(default_factory=dict)
    producers: dict = field(default_factory=dict)
    regions: dict = field(default_factory=dict)


def build_site() -> MiniSite:
    """Home page (the default Site's root) with story, producer and region indexes,
    in Vietnamese and English."""
    locales = content_locales()
    default, others = locales[0], locales[1:]
    root = get_root_page()
    home = HomePage(
        title="Chợ OCOP", slug="trang-chu", locale=default,
        hero_title="Sản phẩm OCOP được chứng nhận", hero_intro="Mua trực tiếp từ người làm ra.",
    )
    root.add_child(instance=home)
    publish(home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Chợ OCOP"},
    )
    site = MiniSite(home={default.language_code: home})
    for locale in others:
        site.home[locale.language_code] = translation_of(
            home, locale, title="OCOP Market", hero_title="Certified OCOP products",
            hero_intro="Buy directly from the people who make them.",
        )
    for attr, model, slug, title_vi, title_en in (
        ("stories", StoryIndexPage, "cau-chuyen", "Câu chuyện", "Stories"),
        ("producers", ProducerIndexPage, "nha-san-xuat", "Chủ thể OCOP", "Producers"),
        ("regions", RegionIndexPage, "vung-mien", "Vùng miền", "Regions"),
    ):
        page = model(title=title_vi, slug=slug)
        home.add_child(instance=page)
        publish(page)
        pages = {default.language_code: page}
        for locale in others:
            pages[locale.language_code] = translation_of(page, locale, title=title_en)
        setattr(site, attr, pages)
    return site


def story_body(products, *, text: str = "Câu chuyện của người làm ra sản phẩm.", note: str = ""):
    """A story body: a heading, a paragraph, then one product block per product."""
    body = [
        ("heading", {"text": "Từ làng nghề", "level": "h2"}),
        ("paragraph", RichText(f"<p>{text}</p>")),
    ]
    body += [("product", {"product": product, "note": note}) for product in products]
    return body


def make_story(parent, *, title: str, products=(), producer=None, province=None,
               intro: str = "Một câu chuyện OCOP.", tags=(), text: str | None = None,
               live: bool = True, hero_image=None) -> StoryPage:
    """A story under ``parent`` with one product block per product; published
    unless ``live`` is False (then it is a draft, as a producer would leave it)."""
    story = StoryPage(
        title=title, intro=intro, producer=producer, province=province, hero_image=hero_image,
        body=story_body(products, **({"text": text} if text else {})),
        live=live,
    )
    parent.add_child(instance=story)
    if tags:
        story.tags.set(list(tags))
    if live:
        publish(story)
    else:
        story.save_revision()
    return story
