"""Shipping: Oscar's models plus home-delivery fees by zone of the destination
province (see ``repository.py``)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ShippingZone(models.Model):
    """A group of provinces sharing one home-delivery fee (e.g. "same region as the
    warehouse", "far provinces and islands"). Operators edit zones in the dashboard (Fulfilment → Delivery fees)."""

    name = models.CharField(_("name"), max_length=128, unique=True)
    #: Home-delivery fee in whole đồng.
    fee = models.PositiveIntegerField(_("delivery fee (VND)"))
    #: Expected delivery time to the zone's provinces, in days after dispatch
    #: (shown on product pages as "2–4 days").
    delivery_days_min = models.PositiveSmallIntegerField(_("delivery time from (days)"), default=2)
    delivery_days_max = models.PositiveSmallIntegerField(_("delivery time to (days)"), default=5)

    class Meta:
        ordering = ["fee", "name"]
        verbose_name = _("shipping zone")
        verbose_name_plural = _("shipping zones")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if (
            self.delivery_days_min is not None
            and self.delivery_days_max is not None
            and self.delivery_days_min > self.delivery_days_max
        ):
            raise ValidationError(
                {"delivery_days_max": _("The longest delivery time cannot be shorter than the shortest.")}
            )


class ShippingZoneProvince(models.Model):
    zone = models.ForeignKey(
        ShippingZone, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("zone")
    )
    #: A province belongs to at most one zone, so its fee is never ambiguous.
    province = models.OneToOneField(
        "regions.Province", on_delete=models.CASCADE, related_name="shipping_zone_membership",
        verbose_name=_("province"),
    )

    class Meta:
        verbose_name = _("province of a zone")
        verbose_name_plural = _("provinces of the zone")

    def __str__(self) -> str:
        return f"{self.province} → {self.zone}"


# Oscar models this fork does not replace, imported after ours so ours win (Oscar's
# documented way to fork an app): hence below the code, star, and unused here.
from oscar.apps.shipping.models import *  # noqa: E402,F401,F403
