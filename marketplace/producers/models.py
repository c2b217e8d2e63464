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
