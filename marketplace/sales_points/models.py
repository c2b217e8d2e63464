"""Sales points (điểm bán OCOP): shops that hold many producers' products and sell
them over the counter, keeping their stock in step through the token API or a
file."""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Codes are used in URLs and by tills: capitals, digits and dashes.
validate_code = RegexValidator(
    r"^[A-Z0-9](?:[A-Z0-9-]{0,30}[A-Z0-9])?$",
    _("Use 1-32 capital letters, digits and dashes, e.g. QN-BIGC-HALONG."),
)


class SalesPointKind(models.TextChoices):
    AIRPORT = "airport", _("Airport shop")
    HIGHWAY = "highway", _("Highway rest stop")
    TOURIST_SITE = "tourist_site", _("Tourist site")
    SUPERMARKET = "supermarket", _("Supermarket corner")
    POST_OFFICE = "post_office", _("Post office")
    OCOP_CENTRE = "ocop_centre", _("Provincial OCOP centre")
    OTHER = "other", _("Other")


class SalesPointQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class SalesPoint(models.Model):
    """A shop selling OCOP products of many producers.

    It is an Oscar partner (one-to-one, as a producer is), so its stock lives in its
    own ``StockRecord``s and Oscar's availability and allocation serve it. Its stock
    records are only for sellable products (``marketplace.partner.stock`` refuses
    others), and what it offers is read through the certification rule at query
    time, so a product whose certificate lapses stops being offered there at once.
    """

    #: The Oscar partner holding this point's stock records.
    partner = models.OneToOneField(
        "partner.Partner", on_delete=models.PROTECT, related_name="sales_point",
        verbose_name=_("partner"),
    )
    #: Short and unique, used in URLs and by tills, e.g. ``QN-BIGC-HALONG``.
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_code])
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=SalesPointKind.choices)
    #: Street line (số nhà, đường), with the current ward and province below.
    address_line = models.CharField(_("address"), max_length=255, blank=True)
    ward = models.ForeignKey(
        "regions.Ward", on_delete=models.PROTECT, null=True, blank=True,
        related_name="sales_points", verbose_name=_("ward"),
    )
    province = models.ForeignKey(
        "regions.Province", on_delete=models.PROTECT, related_name="sales_points",
        verbose_name=_("province"),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    #: Free text as the shop states it, e.g. "7:00–22:00 hằng ngày".
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    #: Whether buyers may choose to pick up their order here.
    click_and_collect = models.BooleanField(_("offers click and collect"), default=False)
    #: The shop's staff: they see and change only this point's stock and orders.
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="sales_points", verbose_name=_("staff"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_created = models.DateTimeField(auto_now_add=True)
    date_updated = models.DateTimeField(auto_now=True)

    objects = SalesPointQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("sales point")
        verbose_name_plural = _("sales points")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        if self.ward_id and self.province_id and self.ward.province_id != self.province_id:
            raise ValidationError({"ward": _("This ward is not in the chosen province.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both latitude and longitude, or neither."))


def hash_token(token: str) -> str:
    """SHA-256 of a token: tokens are 256 random bits, so a fast hash is enough
    (no password stretching needed) and lookups stay one indexed query."""
    return hashlib.sha256(token.encode()).hexdigest()


class SalesPointTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, sales_point__is_active=True)


class SalesPointToken(models.Model):
    """An API token of one sales point. Only its hash is stored: the token itself
    is shown once, when it is created."""

    #: How the token is written: ``sp_`` and 43 URL-safe characters (256 bits).
    PREFIX = "sp_"

    sales_point = models.ForeignKey(
        SalesPoint, on_delete=models.CASCADE, related_name="tokens", verbose_name=_("sales point"),
    )
    #: What it is for, e.g. "till 1"; shown in the stock ledger as who made a change.
    name = models.CharField(_("name"), max_length=64)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    #: The first characters of the token, to tell tokens apart in lists.
    key_prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = SalesPointTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.sales_point.code}: {self.name} ({self.key_prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


def create_sales_point_token(sales_point: SalesPoint, name: str, *, created_by=None) -> tuple[SalesPointToken, str]:
    """Make a new API token for ``sales_point``; returns the stored token and the
    token itself, which exists nowhere else afterwards."""
    token = SalesPointToken.PREFIX + secrets.token_urlsafe(32)
    record = SalesPointToken.objects.create(
        sales_point=sales_point, name=name, key_hash=hash_token(token),
        key_prefix=token[:10], created_by=created_by,
    )
    return record, token


class SaleOutcome(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    #: More units were sold than the stock record held free: recorded anyway (the
    #: goods left the shop), for the point's staff to look into.
    OVERSOLD = "oversold", _("Oversold")


class CounterSale(models.Model):
    """A sale over a sales point's counter, reported by its till.

    Unique by ``(sales_point, event_id)``: a till may send an event again (a lost
    answer, a retried batch) and gets the first answer back, stored here."""

    sales_point = models.ForeignKey(
        SalesPoint, on_delete=models.CASCADE, related_name="counter_sales", verbose_name=_("sales point"),
    )
    #: The till's id for the sale, unique per sales point.
    event_id = models.CharField(_("event id"), max_length=128)
    stockrecord = models.ForeignKey(
        "partner.StockRecord", on_delete=models.PROTECT, related_name="+", verbose_name=_("stock record"),
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    sold_at = models.DateTimeField(_("sold at"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=SaleOutcome.choices)
    #: The stock record's shelf count before and after this sale.
    quantity_before = models.IntegerField()
    quantity_after = models.IntegerField()
    token = models.ForeignKey(
        SalesPointToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("counter sale")
        verbose_name_plural = _("counter sales")
        constraints = [
            models.UniqueConstraint(fields=["sales_point", "event_id"], name="counter_sale_event_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.quantity}"


#: Pick-up codes: no 0/O, 1/I/L, so a code read aloud or from a phone is not misread.
PICKUP_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PICKUP_CODE_LENGTH = 8  # 31^8 ≈ 8.5e11: not guessable at a counter


def new_pickup_code() -> str:
    return "".join(secrets.choice(PICKUP_CODE_ALPHABET) for _i in range(PICKUP_CODE_LENGTH))


class PickUpStatus(models.TextChoices):
    WAITING = "waiting", _("Being prepared")
    READY = "ready", _("Ready to collect")
    COLLECTED = "collected", _("Collected")
    RELEASED = "released", _("Not collected: released")


class PickUp(models.Model):
    """An order the buyer collects at a sales point (click and collect).

    Its lines were allocated from the point's own stock records at placement.
    The buyer shows ``code`` at the counter; staff mark the order ready, then
    collected. ``marketplace.sales_points.pickup`` holds the flow."""

    order = models.OneToOneField(
        "order.Order", on_delete=models.CASCADE, related_name="pick_up", verbose_name=_("order"),
    )
    sales_point = models.ForeignKey(
        SalesPoint, on_delete=models.PROTECT, related_name="pick_ups", verbose_name=_("sales point"),
    )
    #: What the buyer shows at the counter: short, random, unique.
    code = models.CharField(_("pick-up code"), max_length=16, unique=True, default=new_pickup_code)
    status = models.CharField(
        _("status"), max_length=16, choices=PickUpStatus.choices, default=PickUpStatus.WAITING,
    )
    created_at = models.DateTimeField(_("placed"), auto_now_add=True, db_index=True)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    collected_at = models.DateTimeField(_("collected"), null=True, blank=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pick-up")
        verbose_name_plural = _("pick-ups")

    def __str__(self) -> str:
        return f"{self.sales_point.code}: {self.code}"
