"""Province and ward parameters: a code or a name, current or pre-2025, turned
into the current unit's code (what the search document stores). The names
themselves are resolved by the regions app (``marketplace.regions.resolve``)."""

from oscar.core.loading import get_model

from marketplace.regions.resolve import resolve_province, resolve_ward

Province = get_model("regions", "Province")


def province_code(value: str) -> str | None:
    """Current province code for a code or any name of it, else None."""
    province = resolve_province(value)
    return province.code if province is not None else None


def ward_code(value: str, province_codes: list[str] | tuple[str, ...] = ()) -> str | None:
    """Current ward code for a code or a name (current, or an old ward/district),
    looked up within the chosen province when there is exactly one."""
    province = resolve_province(province_codes[0]) if len(province_codes) == 1 else None
    ward = resolve_ward(value, province)
    return ward.code if ward is not None else None


def province_labels(codes) -> dict[str, str]:
    return dict(Province.objects.filter(pk__in=list(codes)).values_list("code", "short_name"))
