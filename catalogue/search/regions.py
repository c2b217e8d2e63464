"""Province and ward parameters: a code or a name, current or pre-2025.

The regions app owns name resolution (``marketplace.regions.resolve``: old names,
districts, type prefixes); this module only adds the code shortcut a URL carries
("province=46") and returns the current unit's code, which is what the search
document stores.
"""

from oscar.core.loading import get_model

Province = get_model("regions", "Province")
Ward = get_model("regions", "Ward")


def province_code(value: str) -> str | None:
    """Current province code for a code or any name of it, else None."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return value.zfill(2) if Province.objects.filter(pk=value.zfill(2)).exists() else None
    from marketplace.regions.resolve import resolve_province

    province = resolve_province(value)
    return province.code if province is not None else None


def ward_code(value: str, province_codes: list[str] | tuple[str, ...] = ()) -> str | None:
    """Current ward code for a code or a name (current, or an old ward/district),
    looked up within the chosen provinces when there is exactly one."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return value.zfill(5) if Ward.objects.filter(pk=value.zfill(5)).exists() else None
    from marketplace.regions.resolve import resolve_ward

    province = None
    if len(province_codes) == 1:
        province = Province.objects.filter(pk=province_codes[0]).first()
    ward = resolve_ward(value, province=province) if province else resolve_ward(value)
    return ward.code if ward is not None else None


def province_labels(codes) -> dict[str, str]:
    return dict(Province.objects.filter(pk__in=list(codes)).values_list("code", "short_name"))
