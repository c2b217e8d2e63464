"""Oscar's partner models, with two additions for sales points' stock sync: the
time of a stock record's last applied count, and the stock ledger."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractStockRecord


class StockRecordQuerySet(models.QuerySet):
    """Which stock record sells what, decided here and nowhere else.

    A product has its producer's stock record and one more per sales point that
    stocks it. Home delivery (the online price, search's price and "in stock")
    sells from the producer's record only; click and collect from the chosen
    point's. A sales point stocking a product never changes its online price or
    stock."""

    def for_home_delivery(self):
        """The records online orders delivered to the door sell from: never a
        sales point's (a product has one such record, its producer's)."""
        return self.filter(partner__sales_point__isnull=True)

    def at_sales_point(self, sales_point):
        """A sales point's own records (click and collect, its counter)."""
        return self.filter(partner_id=sales_point.partner_id)


class StockRecord(AbstractStockRecord):
    #: When the stock take behind the last applied count was made (the till's or
    #: the file's time, not ours): an older count arriving later is stale.
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    objects = StockRecordQuerySet.as_manager()


class LedgerSource(models.TextChoices):
    """Where a change to a stock record's counts came from."""

    API_COUNT = "api_count", _("Stock count (API)")
    API_SALE = "api_sale", _("Counter sale (API)")
    CSV = "csv", _("Stock count (file)")
    ONLINE_ORDER = "online_order", _("Online order")
    ORDER_CANCELLED = "order_cancelled", _("Order cancelled")
    DASHBOARD = "dashboard", _("Dashboard")


class StockLedgerEntry(models.Model):
    """One change to a stock record's counts, with where it came from.

    Written by ``marketplace.partner.stock`` in the transaction of the change, while
    it holds the record's row lock, so a record's entries chain (each ``before`` is
    the previous ``after``) and replaying them gives its current counts."""

    stockrecord = models.ForeignKey(
        "partner.StockRecord", on_delete=models.CASCADE, related_name="ledger_entries",
        verbose_name=_("stock record"),
    )
    source = models.CharField(_("source"), max_length=32, choices=LedgerSource.choices)
    #: Units on the shelf (``num_in_stock``) before and after.
    quantity_before = models.IntegerField(_("quantity before"))
    quantity_after = models.IntegerField(_("quantity after"))
    #: Units promised to placed orders (``num_allocated``) before and after.
    allocated_before = models.IntegerField(_("allocated before"))
    allocated_after = models.IntegerField(_("allocated after"))
    #: Who made it: the API token's name or the user's name, as it was then.
    actor = models.CharField(_("by"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("user"),
    )
    #: The counter sale's event id or the online order's number.
    reference = models.CharField(_("reference"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("recorded at"), db_index=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("stock ledger entry")
        verbose_name_plural = _("stock ledger entries")
        indexes = [models.Index(fields=["stockrecord", "created_at"], name="ledger_record_time_idx")]

    def __str__(self):
        return f"{self.source} {self.stockrecord_id}: {self.quantity_before} → {self.quantity_after}"


from oscar.apps.partner.models import *  # noqa: E402,F401,F403
