"""OCOP producers (chủ thể OCOP): enterprises, cooperatives, cooperative groups and
household businesses. Each is one Oscar ``Partner`` so Oscar's partner permissions
(dashboard, stock records, order lines) apply to it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.vn import mst


def validate_tax_code(value: str) -> None:
    """A mã số thuế as printed on the business registration: 10 digits, or 10 digits,
    a hyphen and a 3-digit branch suffix (e.g. 3300101237-001).

    python-stdnum checks the length, the serial and the check digit (the 10th digit);
    the written form must be stdnum's own, so one producer has one spelling (the
    import keys producers by it)."""
    value = value or ""
    try:
        well_formed = mst.format(value) == value and bool(mst.validate(value))
    except stdnum_errors.InvalidChecksum:
        raise ValidationError(
            _("The check digit of tax code %(value)s is wrong: compare it with the business registration."),
            code="tax_code_check_digit",
            params={"value": value},
        ) from None
    except stdnum_errors.ValidationError:
        well_formed = False
    if not well_formed:
        raise ValidationError(
            _("Enter a tax code of 10 digits, or 10 digits, '-' and 3 digits (e.g. 3300101237-001)."),
            code="invalid_tax_code",
        )


class ProducerQuerySet(models.QuerySet):
    def for_user(self, user):
        """The producers whose partner ``user`` works for (usually one)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(partner__users=user)


class Producer(models.Model):
    KIND_ENTERPRISE = "enterprise"
    KIND_COOPERATIVE = "cooperative"
    KIND_COOPERATIVE_GROUP = "cooperative_group"
    KIND_HOUSEHOLD = "household"
    KIND_CHOICES = [
        (KIND_ENTERPRISE, _("Enterprise")),
        (KIND_COOPERATIVE, _("Cooperative")),
        (KIND_COOPERATIVE_GROUP, _("Cooperative group")),
        (KIND_HOUSEHOLD, _("Household business")),
    ]

    #: The Oscar partner this producer sells as (one-to-one).
    partner = models.OneToOneField(
        "partner.Partner",
        on_delete=models.PROTECT,
        related_name="producer",
        verbose_name=_("partner"),
    )
    #: Name as registered, e.g. "HTX Mây tre đan Bao La".
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)
    #: Mã số thuế: unique per producer, the key the import uses.
    tax_code = models.CharField(
        _("tax code"), max_length=14, unique=True, validators=[validate_tax_code]
    )
    province = models.ForeignKey(
        "regions.Province", on_delete=models.PROTECT, related_name="producers",
        verbose_name=_("province"),
    )
    ward = models.ForeignKey(
        "regions.Ward", on_delete=models.PROTECT, null=True, blank=True,
        related_name="producers", verbose_name=_("ward"),
    )
    #: Street line (số nhà, thôn/xóm), optional.
    address_line = models.CharField(_("address"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=128, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    description = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    #: Language of the emails the shop sends the producer (applications,
    #: expiry reminders).
    language = models.CharField(
        _("language for emails"), max_length=8, choices=settings.LANGUAGES, default="vi"
    )
    #: Bonus criteria of Decision 148, worth showing in stories.
    is_women_led = models.BooleanField(_("women-led"), default=False)
    is_ethnic_minority = models.BooleanField(_("ethnic-minority producer"), default=False)
    date_created = models.DateTimeField(auto_now_add=True)
    date_updated = models.DateTimeField(auto_now=True)

    objects = ProducerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.ward_id and self.province_id and self.ward.province_id != self.province_id:
            raise ValidationError({"ward": _("This ward is not in the chosen province.")})

    @property
    def region_label(self) -> str:
        if self.ward_id:
            return f"{self.ward.name}, {self.province.name}"
        return self.province.name


class ProducerUserProfile(models.Model):
    """What the shop knows about a producer's user beyond Oscar's account: the
    language of the emails they get (invitations, reminders, decisions)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="producer_profile",
        verbose_name=_("user"),
    )
    #: Emails to this user are written in this language.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    #: Who invited them (an operator or a colleague), and when.
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)

    class Meta:
        verbose_name = _("producer user profile")
        verbose_name_plural = _("producer user profiles")

    def __str__(self) -> str:
        return str(self.user)


def language_of(user) -> str:
    """The language emails to ``user`` are written in (Vietnamese unless they chose)."""
    profile = getattr(user, "producer_profile", None) if user.pk else None
    return profile.language if profile else settings.LANGUAGE_CODE


class ListingChange(models.Model):
    """A change of a certified product's title or group, waiting for an officer.

    A certificate names a product: until an officer checks the change against the
    certificate, the certified title stays on sale and the change waits here."""

    STATUS_PENDING = "pending"
    STATUS_APPROVED = "approved"
    STATUS_REJECTED = "rejected"
    STATUS_CHOICES = [
        (STATUS_PENDING, _("Awaiting review")),
        (STATUS_APPROVED, _("Approved")),
        (STATUS_REJECTED, _("Rejected")),
    ]

    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="listing_changes",
        verbose_name=_("product"),
    )
    #: The proposed values; blank = unchanged.
    title = models.CharField(_("title (Vietnamese)"), max_length=255, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    group_code = models.CharField(_("OCOP group"), max_length=32, blank=True)
    #: The values on sale when the change was asked for (what the officer compares).
    previous_title = models.CharField(_("previous title"), max_length=255)
    previous_title_en = models.CharField(_("previous English title"), max_length=255, blank=True)
    previous_group_code = models.CharField(_("previous OCOP group"), max_length=32, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=STATUS_CHOICES, default=STATUS_PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    #: Why a change was refused (shown to the producer).
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("listing change")
        verbose_name_plural = _("listing changes")
        constraints = [
            # One open request per product: a newer one replaces the pending one.
            models.UniqueConstraint(
                fields=["product"], condition=models.Q(status="pending"),
                name="one_pending_listing_change_per_product",
            )
        ]

    def __str__(self) -> str:
        return f"{self.previous_title} → {self.title or self.previous_title}"
