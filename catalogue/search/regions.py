"""Province and ward parameters: a code or a name, current or pre-2025.

Name resolution (old provinces, districts, type prefixes) belongs to the regions
app (``marketplace.regions.resolve``); this module adds the code shortcut a URL
carries ("province=46") and returns the current unit's code, which is what the
search document stores. Should the regions app not offer a resolver, names are
matched here against current names and the stored ``RegionAlias`` rows, so a
name never turns into a server error.
"""

import re

from oscar.core.loading import get_model

from catalogue.search.text import fold

Province = get_model("regions", "Province")
Ward = get_model("regions", "Ward")
RegionAlias = get_model("regions", "RegionAlias")

_TYPE_PREFIX = re.compile(r"^(tinh|thanh pho|tp|huyen|quan|thi xa|xa|phuong|dac khu|thi tran)\s+")


def _key(value: str) -> str:
    return _TYPE_PREFIX.sub("", fold(value)).strip()


def _unit(result, model):
    """The regions resolver may return the unit itself or a match object."""
    if result is None or isinstance(result, model):
        return result
    return getattr(result, model.__name__.lower(), None)


def _province_by_name(value: str):
    key = _key(value)
    for province in Province.objects.all():
        if key in (_key(province.name), _key(province.short_name)):
            return province
    aliases = RegionAlias.objects.filter(kind=RegionAlias.KIND_PROVINCE).select_related("province")
    return next((a.province for a in aliases if key in (a.key, _key(a.name))), None)


def _ward_by_name(value: str, province=None):
    key = _key(value)
    wards = Ward.objects.select_related("province")
    if province is not None:
        wards = wards.filter(province=province)
    for ward in wards:
        if key in (_key(ward.name), _key(ward.short_name)):
            return ward
    aliases = RegionAlias.objects.filter(ward__isnull=False).exclude(kind=RegionAlias.KIND_PROVINCE)
    if province is not None:
        aliases = aliases.filter(province=province)
    for alias in aliases.select_related("ward"):
        if key in (_key(alias.key), _key(alias.name)):
            return alias.ward
    return None


def province_code(value: str) -> str | None:
    """Current province code for a code or any name of it, else None."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return value.zfill(2) if Province.objects.filter(pk=value.zfill(2)).exists() else None
    try:
        from marketplace.regions.resolve import resolve_province
    except ImportError:
        province = _province_by_name(value)
    else:
        province = _unit(resolve_province(value), Province)
    return province.code if province is not None else None


def ward_code(value: str, province_codes: list[str] | tuple[str, ...] = ()) -> str | None:
    """Current ward code for a code or a name (current, or an old ward/district),
    looked up within the chosen province when there is exactly one."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return value.zfill(5) if Ward.objects.filter(pk=value.zfill(5)).exists() else None
    province = None
    if len(province_codes) == 1:
        province = Province.objects.filter(pk=province_codes[0]).first()
    try:
        from marketplace.regions.resolve import resolve_ward
    except ImportError:
        ward = _ward_by_name(value, province)
    else:
        ward = _unit(
            resolve_ward(value, province=province) if province else resolve_ward(value), Ward
        )
    return ward.code if ward is not None else None


def province_labels(codes) -> dict[str, str]:
    return dict(Province.objects.filter(pk__in=list(codes)).values_list("code", "short_name"))
