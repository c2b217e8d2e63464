"""Wagtail pages: the home page, product stories, producers and regions.

Stories link to shop products through product blocks in their body. The block
content is the source of truth; ``StoryProduct`` rows mirror it on every full save
(creation and publishing) so the product page can find a product's stories with
one indexed query instead of scanning story bodies.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from oscar.core.loading import get_model
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from catalogue.groups import GROUP_CODES, GROUPS_BY_CODE
from cms.blocks import StoryBodyBlock
from cms.forms import StoryPageForm

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
Province = get_model("regions", "Province")

STORIES_PER_PAGE = 12
PRODUCTS_PER_PAGE = 24


def _paginate(request, items, per_page):
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def sellable_products():
    """Public, sellable products with everything a product card reads."""
    return Product.objects.browsable().sellable().base_queryset()


def live_stories(locale=None):
    """Published stories in ``locale`` (default: the active language), newest first."""
    return (
        StoryPage.objects.live()
        .filter(locale=locale or Locale.get_active())
        .select_related("hero_image", "producer", "province")
        .order_by("-first_published_at", "-pk")
    )


class HomePage(Page):
    """The site's front page (``/`` and ``/en/``)."""

    hero_title = models.CharField(_("hero title"), max_length=255)
    hero_intro = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("hero image"),
    )
    #: How many products each featured row (5★, 4★) shows.
    featured_count = models.PositiveSmallIntegerField(_("products per featured row"), default=8)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_intro"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("featured_count"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StoryIndexPage", "cms.ProducerIndexPage", "cms.RegionIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Route in this language's tree; when the page has no version here (a story
        not translated yet), fall back to the same path in another language.

        The shop's language switch (Django's ``set_language``) keeps the path and
        swaps the language prefix, so without this a reader switching language on
        an untranslated story would land on a 404.
        """
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
        for home in self.get_translations().live():
            try:
                # Page.route, not HomePage.route: no fallback from the other tree.
                found = Page.route(home, request, path_components)
            except Http404:
                continue
            translated = found.page.get_translation_or_none(self.locale)
            if translated is not None and translated.live:
                return RouteResult(self, kwargs={"fallback_to": translated, "translated": True})
            return RouteResult(self, kwargs={"fallback_to": found.page, "translated": False})
        raise Http404

    def serve(self, request, *args, fallback_to=None, translated=False, **kwargs):
        if fallback_to is None:
            return super().serve(request, *args, **kwargs)
        if not translated:
            messages.info(
                request,
                _("This page is not available in %(language)s yet; here it is in %(other)s.")
                % {
                    "language": get_language_info(self.locale.language_code)["name_translated"],
                    "other": get_language_info(fallback_to.locale.language_code)["name_translated"],
                },
            )
        return redirect(fallback_to.get_url(request))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        products = sellable_products()
        context["five_star_products"] = products.holding_star(5).order_by("-date_created")[
            : self.featured_count
        ]
        context["four_star_products"] = products.holding_star(4).order_by("-date_created")[
            : self.featured_count
        ]
        context["latest_stories"] = live_stories(self.locale)[:6]
        context["region_pages"] = (
            RegionPage.objects.live().filter(locale=self.locale).select_related("province", "hero_image")
            .order_by("province__short_name")
        )
        context["story_index"] = StoryIndexPage.objects.live().filter(locale=self.locale).first()
        groups = {c.group_code: c for c in Category.objects.filter(depth=1).exclude(group_code="")}
        context["group_categories"] = [groups[code] for code in GROUP_CODES if code in groups]
        return context


class StoryIndexPage(Page):
    """All stories of a language, filterable by region, product group and tag."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StoryPage"]

    class Meta:
        verbose_name = _("story index")

    def filtered_stories(self, request):
        """Stories of this language matching the ``region``, ``group`` and ``tag``
        query parameters, plus the active filters for the template."""
        stories = live_stories(self.locale)
        active = {}
        region = request.GET.get("region", "").strip()
        if region:
            province = Province.objects.filter(codename=region).first()
            if province:
                stories = stories.filter(province=province)
                active["region"] = province
        group = request.GET.get("group", "").strip()
        if group in GROUPS_BY_CODE:
            stories = stories.filter(
                product_links__product__categories__group_code=group
            ).distinct()
            active["group"] = GROUPS_BY_CODE[group]
        tag = request.GET.get("tag", "").strip()
        if tag:
            tag_obj = Tag.objects.filter(slug=tag).first()
            if tag_obj:
                stories = stories.filter(tags=tag_obj)
                active["tag"] = tag_obj
            else:
                stories = stories.none()
                active["tag"] = tag
        return stories, active

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories, active = self.filtered_stories(request)
        context["stories"] = _paginate(request, stories, STORIES_PER_PAGE)
        context["active_filters"] = active
        all_stories = StoryPage.objects.live().filter(locale=self.locale)
        context["filter_regions"] = Province.objects.filter(
            pk__in=all_stories.exclude(province=None).values("province")
        ).order_by("short_name")
        context["filter_groups"] = [
            GROUPS_BY_CODE[code] for code in GROUP_CODES
            if all_stories.filter(product_links__product__categories__group_code=code).exists()
        ]
        context["filter_tags"] = Tag.objects.filter(
            cms_storypagetag_items__content_object__in=all_stories
        ).distinct().order_by("name")
        return context


class StoryPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StoryPage(Page):
    """A product story: who makes it, where, how, and the products to buy."""

    intro = models.TextField(_("introduction"), help_text=_("One or two sentences for lists and search."))
    hero_image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("hero image"),
    )
    body = StreamField(StoryBodyBlock(), verbose_name=_("story"), blank=True)
    #: The producer the story is about (optional for stories about a whole region).
    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="stories", verbose_name=_("producer"),
    )
    #: Province the story happens in; drives the region filter and region pages.
    province = models.ForeignKey(
        "regions.Province", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="stories", verbose_name=_("region"),
    )
    tags = ClusterTaggableManager(through=StoryPageTag, blank=True, verbose_name=_("tags"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("producer"), FieldPanel("province"), FieldPanel("tags")],
            heading=_("About"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("producer", [index.SearchField("name")]),
        index.RelatedFields("province", [index.SearchField("short_name")]),
        index.FilterField("producer"),
        index.FilterField("province"),
    ]

    parent_page_types = ["cms.StoryIndexPage", "cms.ProducerPage"]
    subpage_types = []
    base_form_class = StoryPageForm

    class Meta:
        verbose_name = _("product story")
        verbose_name_plural = _("product stories")

    def product_ids_in_body(self) -> list[int]:
        """Product ids of the body's product blocks, in order, without duplicates."""
        ids = []
        for block in self.body.raw_data:
            if block.get("type") != "product":
                continue
            value = (block.get("value") or {}).get("product")
            if isinstance(value, int) and value not in ids:
                ids.append(value)
        return ids

    def sync_product_links(self) -> None:
        ids = self.product_ids_in_body()
        existing = set(Product.objects.filter(pk__in=ids).values_list("pk", flat=True))
        StoryProduct.objects.filter(story=self).delete()
        StoryProduct.objects.bulk_create(
            StoryProduct(story=self, product_id=pk, sort_order=i)
            for i, pk in enumerate(pk for pk in ids if pk in existing)
        )

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        # Draft saves of a live page only touch revision bookkeeping fields; the live
        # body (and so the links) changes only on creation and publishing.
        if update_fields is None or "body" in update_fields:
            self.sync_product_links()
        return result

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        more = live_stories(self.locale).exclude(pk=self.pk)
        if self.producer_id:
            more = more.filter(producer_id=self.producer_id)
        elif self.province_id:
            more = more.filter(province_id=self.province_id)
        context["more_stories"] = more[:3]
        context["story_index"] = StoryIndexPage.objects.live().filter(locale=self.locale).first()
        context["producer_page"] = (
            ProducerPage.objects.live().filter(locale=self.locale, producer_id=self.producer_id).first()
            if self.producer_id else None
        )
        context["region_page"] = (
            RegionPage.objects.live().filter(locale=self.locale, province_id=self.province_id).first()
            if self.province_id else None
        )
        return context


class StoryProduct(models.Model):
    """A product shown in a story's body (mirror of its product blocks)."""

    story = models.ForeignKey(StoryPage, on_delete=models.CASCADE, related_name="product_links")
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="story_links"
    )
    #: Position of the product in the story.
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("story product")
        verbose_name_plural = _("story products")
        constraints = [
            models.UniqueConstraint(fields=["story", "product"], name="unique_story_product")
        ]

    def __str__(self) -> str:
        return f"{self.story} → {self.product}"


class ProducerIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ProducerPage"]

    class Meta:
        verbose_name = _("producer index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["producer_pages"] = (
            ProducerPage.objects.live().child_of(self)
            .select_related("producer__province", "hero_image").order_by("title")
        )
        return context


class ProducerPage(Page):
    """A producer's profile and their section: their stories live below it, and
    their CMS group may add and edit pages only here (see ``cms.sections``)."""

    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.PROTECT, related_name="cms_pages",
        verbose_name=_("producer"),
    )
    intro = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("main photo"),
    )
    body = RichTextField(_("profile"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h3"])

    content_panels = Page.content_panels + [
        # Only operators decide whose page this is; the producer's own accounts
        # (who may edit the rest of their profile) never see the field.
        FieldPanel("producer", permission="producers.change_producer"),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        InlinePanel("photos", label=_("Photos")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("producer"),
    ]
    parent_page_types = ["cms.ProducerIndexPage"]
    subpage_types = ["cms.StoryPage"]

    class Meta:
        verbose_name = _("producer page")

    @property
    def section_producer(self):
        """Stories written below this page are about this producer (``StoryPageForm``)."""
        return self.producer

    def clean(self):
        super().clean()
        if self.producer_id and self.locale_id:
            clash = ProducerPage.objects.filter(producer_id=self.producer_id, locale_id=self.locale_id)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"producer": _("This producer already has a page in this language.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["products"] = sellable_products().filter(producer_id=self.producer_id).order_by("title")
        context["stories"] = live_stories(self.locale).filter(producer_id=self.producer_id)
        context["photos"] = self.photos.select_related("image")
        context["region_page"] = (
            RegionPage.objects.live()
            .filter(locale=self.locale, province_id=self.producer.province_id).first()
        )
        return context


class ProducerPagePhoto(Orderable):
    page = ParentalKey(ProducerPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("photo")
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


class RegionIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.RegionPage"]

    class Meta:
        verbose_name = _("region index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["region_pages"] = (
            RegionPage.objects.live().child_of(self)
            .select_related("province", "hero_image").order_by("province__short_name")
        )
        return context


class RegionPage(Page):
    """One province that has OCOP products: introduction, products, stories."""

    province = models.ForeignKey(
        "regions.Province", on_delete=models.PROTECT, related_name="cms_pages",
        verbose_name=_("province"),
    )
    intro = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("hero image"),
    )
    body = RichTextField(_("about the region"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h3"])

    content_panels = Page.content_panels + [
        FieldPanel("province"),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.RegionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("region page")

    def clean(self):
        super().clean()
        if self.province_id and self.locale_id:
            clash = RegionPage.objects.filter(province_id=self.province_id, locale_id=self.locale_id)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"province": _("This province already has a page in this language.")})
        if self.province_id and not Product.objects.filter(producer__province_id=self.province_id).exists():
            raise ValidationError({"province": _("This province has no OCOP products in the shop yet.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        products = sellable_products().filter(producer__province_id=self.province_id)
        star = request.GET.get("star", "")
        context["star"] = int(star) if star in {"3", "4", "5"} else None
        if context["star"]:
            products = products.holding_star(context["star"])
        context["products"] = _paginate(request, products.order_by("title", "pk"), PRODUCTS_PER_PAGE)
        context["star_choices"] = [5, 4, 3]
        context["stories"] = live_stories(self.locale).filter(province_id=self.province_id)[:6]
        context["story_index"] = StoryIndexPage.objects.live().filter(locale=self.locale).first()
        context["producer_pages"] = (
            ProducerPage.objects.live()
            .filter(locale=self.locale, producer__province_id=self.province_id)
            .order_by("title")
        )
        return context
