"""Turn what people write into current units: codes, current names with or without
type and accents, and pre-2025 names (63 provinces, districts, old wards).

    resolve_province("Thừa Thiên Huế")                      → Thành phố Huế
    resolve_province("hoa binh")                            → Phú Thọ
    resolve_ward("Huyện Quảng Điền", resolve_province("46")) → Xã Quảng Điền (Huế)
    resolve_region("Huyện Quảng Điền, Tỉnh Thừa Thiên Huế") → (Huế, Xã Quảng Điền)

The whole map (34 + 3,321 units and ~10,700 old names) is read once into memory,
so an import of thousands of rows costs no query per row.
"""

from collections import defaultdict
from functools import lru_cache

from django.utils.translation import gettext as _

from marketplace.regions.models import Province, RegionAlias, Ward
from marketplace.regions.names import name_key


class RegionLookupError(ValueError):
    """A name that cannot be turned into exactly one current unit."""


class RegionNotFound(RegionLookupError):
    pass


class AmbiguousRegion(RegionLookupError):
    def __init__(self, message: str, candidates: list):
        super().__init__(message)
        self.candidates = candidates


class RegionIndex:
    def __init__(self) -> None:
        self.provinces = {p.code: p for p in Province.objects.all()}
        self.wards = {w.code: w for w in Ward.objects.all()}
        for ward in self.wards.values():  # share instances: no query for ward.province
            ward.province = self.provinces[ward.province_id]
        self.province_by_key: dict[str, Province] = {}
        for province in self.provinces.values():
            self.province_by_key[name_key(province.name)] = province
            self.province_by_key[name_key(province.short_name)] = province
        #: (province code or None, key) → current wards with that name
        self.wards_by_key: dict[tuple[str | None, str], list[Ward]] = defaultdict(list)
        for ward in self.wards.values():
            for key in {name_key(ward.name), name_key(ward.short_name)}:
                self.wards_by_key[(ward.province_id, key)].append(ward)
                self.wards_by_key[(None, key)].append(ward)
        #: (province code, old district or ward key) → current wards it became
        self.old_by_key: dict[tuple[str, str], list[Ward]] = defaultdict(list)
        for alias in RegionAlias.objects.all():
            if alias.kind == RegionAlias.KIND_PROVINCE:
                self.province_by_key.setdefault(alias.key, self.provinces[alias.province_id])
            elif alias.ward_id:
                first = alias.key.split("|", 1)[0]
                ward = self.wards[alias.ward_id]
                if ward not in self.old_by_key[(alias.province_id, first)]:
                    self.old_by_key[(alias.province_id, first)].append(ward)

    def province(self, value: str) -> Province:
        value = (value or "").strip()
        if not value:
            raise RegionNotFound(_("Give a province or city."))
        if value.isdigit() and value.zfill(2) in self.provinces:
            return self.provinces[value.zfill(2)]
        province = self.province_by_key.get(name_key(value))
        if province is None:
            raise RegionNotFound(_("Unknown province or city: “%(name)s”.") % {"name": value})
        return province

    def ward(self, value: str, province: Province | None = None) -> Ward:
        value = (value or "").strip()
        if not value:
            raise RegionNotFound(_("Give a ward or commune."))
        if value.isdigit() and value.zfill(5) in self.wards:
            ward = self.wards[value.zfill(5)]
            if province is not None and ward.province_id != province.code:
                raise RegionNotFound(
                    _("Ward %(ward)s is not in %(province)s.")
                    % {"ward": ward.name, "province": province.name}
                )
            return ward
        key = name_key(value)
        scope = province.code if province is not None else None
        found = self.wards_by_key.get((scope, key)) or (
            self.old_by_key.get((province.code, key)) if province is not None else None
        )
        if not found and province is None:
            found = [w for (p, k), wards in self.old_by_key.items() if k == key for w in wards]
        if not found:
            where = province.name if province is not None else _("any province")
            raise RegionNotFound(
                _("No ward or commune “%(name)s” in %(where)s.") % {"name": value, "where": where}
            )
        if len(found) > 1:
            raise AmbiguousRegion(
                _("“%(name)s” matches %(count)d wards (%(examples)s); give the province too.")
                % {
                    "name": value,
                    "count": len(found),
                    "examples": "; ".join(str(w) for w in found[:3]),
                },
                found,
            )
        return found[0]


@lru_cache(maxsize=1)
def get_index() -> RegionIndex:
    return RegionIndex()


def clear_cache() -> None:
    """Forget the in-memory map (after ``load_regions`` changed it)."""
    get_index.cache_clear()


def match_province(value: str) -> Province:
    """The current province for a code or a current/old name; raises
    ``RegionNotFound`` with a message for people."""
    return get_index().province(value)


def match_ward(value: str, province: Province | None = None) -> Ward:
    """The current ward for a code, a current name or an old district/ward name
    (within ``province`` when given); raises ``RegionNotFound`` or ``AmbiguousRegion``."""
    return get_index().ward(value, province)


def resolve_province(value: str) -> Province | None:
    try:
        return match_province(value)
    except RegionLookupError:
        return None


def resolve_ward(value: str, province: Province | None = None) -> Ward | None:
    try:
        return match_ward(value, province)
    except RegionLookupError:
        return None


def resolve_region(text: str) -> tuple[Province | None, Ward | None]:
    """"ward, [district,] province" (as addresses and certificates print them) →
    (province, ward). The last part is the province; the first that resolves in
    it is the ward."""
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    if not parts:
        return None, None
    province = resolve_province(parts[-1])
    if province is None:
        return None, resolve_ward(parts[0]) if len(parts) == 1 else None
    for part in parts[:-1]:
        ward = resolve_ward(part, province)
        if ward is not None:
            return province, ward
    return province, None
