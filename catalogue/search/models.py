"""The database backend's search table: one denormalised row per listable
product, kept in step with the Elasticsearch document by the same explicit index
calls (``catalogue.search.indexing``).

Everything a search filters, sorts or counts on is a plain column here, so a
search is a scan of one table (no joins, no N+1), on SQLite as on PostgreSQL.
Certificate validity is stored per star level as dates, and compared with today
at query time, so an expiry needs no reindex.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductSearchDocument(models.Model):
    product = models.OneToOneField(
        "catalogue.Product",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
        verbose_name=_("product"),
    )
    sku = models.CharField(_("SKU"), max_length=64, blank=True)
    #: Vietnamese and English titles, NFC, lower case, accents kept: "đèn trang trí".
    title_exact = models.TextField(blank=True)
    #: The same folded, space-padded: " den trang tri ".
    title_folded = models.TextField(blank=True)
    #: What a product is found by (titles, producer, regions with old names,
    #: group names), NFC lower case with accents, space-padded.
    text_exact = models.TextField(blank=True)
    #: ``text_exact`` folded: what accent-free queries match against.
    text_folded = models.TextField(blank=True)
    #: Descriptions (Vietnamese and English), folded and space-padded: they
    #: rank, lightly, but do not make a product match ("honey-processed" coffee
    #: is not honey).
    description_folded = models.TextField(blank=True)
    province = models.CharField(_("province code"), max_length=8, blank=True)
    ward = models.CharField(_("ward code"), max_length=8, blank=True)
    group = models.CharField(_("OCOP group"), max_length=32, blank=True)
    producer_kind = models.CharField(_("producer kind"), max_length=32, blank=True)
    #: Whole VND from the product's stock record; null when it has none.
    price = models.BigIntegerField(_("price (VND)"), null=True)
    in_stock = models.BooleanField(_("in stock"), default=False)
    #: Latest valid-until of the product's active certificates of each star.
    until_3 = models.DateField(null=True)
    until_4 = models.DateField(null=True)
    until_5 = models.DateField(null=True)
    #: Latest of the three: the product is sellable while this is today or later.
    valid_until = models.DateField()
    #: Best star when indexed: the star sort (as on Elasticsearch). Filters and
    #: facets use the dates above, so they stay right on the day a certificate lapses.
    star = models.PositiveSmallIntegerField(default=0)
    #: Category ids of the product and their ancestors, space-padded: " 3 17 ".
    category_ids = models.TextField(blank=True)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    #: The product's creation time ("newest" sort).
    date_created = models.DateTimeField()
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "catalogue"
        verbose_name = _("product search document")
        verbose_name_plural = _("product search documents")
        indexes = [
            models.Index(fields=["valid_until"], name="search_doc_valid_until"),
            models.Index(fields=["province", "valid_until"], name="search_doc_province"),
            models.Index(fields=["group"], name="search_doc_group"),
            models.Index(fields=["price"], name="search_doc_price"),
            models.Index(fields=["latitude", "longitude"], name="search_doc_location"),
            models.Index(fields=["-date_created"], name="search_doc_newest"),
            models.Index(fields=["-star", "-date_created"], name="search_doc_stars"),
        ]

    def __str__(self) -> str:
        return f"search document of {self.sku}"
