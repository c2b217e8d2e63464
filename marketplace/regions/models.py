"""Vietnam's administrative map as of 1 July 2025: 34 provinces and 3,321 wards.

Districts no longer exist. Old (pre-2025) names are kept as aliases that point at
the current unit, so addresses and certificates printed before the reform still
resolve (see ``resolve.py``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    #: Official numeric code from the General Statistics Office, e.g. "46" for Huế.
    code = models.CharField(_("code"), max_length=8, primary_key=True)
    #: Name with its type as it is written, e.g. "Thành phố Huế", "Tỉnh Quảng Ninh".
    name = models.CharField(_("name"), max_length=128)
    #: Name without the type prefix, e.g. "Huế", "Quảng Ninh": what people type.
    short_name = models.CharField(_("short name"), max_length=128, db_index=True)
    #: ASCII slug of the name ("quang_ninh"), stable across imports.
    codename = models.CharField(_("code name"), max_length=128, unique=True)
    #: "tỉnh" or "thành phố trung ương".
    division_type = models.CharField(_("division type"), max_length=32)
    #: Centroid, for "near me" search.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Ward(models.Model):
    #: Official numeric code of the commune/ward/special zone.
    code = models.CharField(_("code"), max_length=8, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="wards", verbose_name=_("province")
    )
    #: Name with its type, e.g. "Xã A Lưới 2", "Phường Hồng Gai".
    name = models.CharField(_("name"), max_length=128)
    short_name = models.CharField(_("short name"), max_length=128, db_index=True)
    codename = models.CharField(_("code name"), max_length=128)
    #: "xã", "phường" or "đặc khu".
    division_type = models.CharField(_("division type"), max_length=32)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["province_id", "short_name"]
        verbose_name = _("ward")
        verbose_name_plural = _("wards")

    def __str__(self) -> str:
        return f"{self.name}, {self.province.name}"


class RegionAlias(models.Model):
    """A name someone may use for a current unit: an old province or district name,
    or the current name written another way. Keys are folded (no accents, lower case,
    no type prefix) so "Thua Thien Hue" and "Tỉnh Thừa Thiên Huế" find the same row."""

    KIND_PROVINCE = "province"
    KIND_DISTRICT = "district"
    KIND_WARD = "ward"
    KIND_CHOICES = [
        (KIND_PROVINCE, _("old province")),
        (KIND_DISTRICT, _("old district")),
        (KIND_WARD, _("old ward")),
    ]

    #: Folded key, e.g. "thua thien hue" or "quang dien|thua thien hue" for a district.
    key = models.CharField(_("key"), max_length=255, db_index=True)
    #: The name as it was written, e.g. "Tỉnh Thừa Thiên Huế".
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES)
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("province")
    )
    #: The current ward an old district/ward mostly became, when known.
    ward = models.ForeignKey(
        Ward,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="aliases",
        verbose_name=_("ward"),
    )

    class Meta:
        verbose_name = _("region alias")
        verbose_name_plural = _("region aliases")
        constraints = [
            models.UniqueConstraint(fields=["key", "kind", "province"], name="unique_region_alias")
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.ward or self.province}"
