"""Load the 2025 administrative map and the pre-2025 names that lead to it.

Sources, both PyPI packages (no hand-written tables):
- ``vietnam-provinces``: the 34 provinces and 3,321 wards with official codes;
- ``vietnamadminunits``: centroids of every unit, the 63-province/3-level map of
  before 1 July 2025, and how each old ward was merged into the new ones.

Idempotent: rows are compared with what is stored and only differences written.
"""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from vietnam_provinces import Province as SourceProvince
from vietnam_provinces import Ward as SourceWard
from vietnamadminunits.converter import converter_2025
from vietnamadminunits.database import get_data

from marketplace.regions.names import name_key
from marketplace.regions.resolve import clear_cache

#: Renames the datasets do not carry because they happened before the snapshot
#: their "old" map was taken from: Tỉnh Thừa Thiên Huế became the centrally-run
#: Thành phố Huế on 1 January 2025 (Resolution 1314/NQ-UBTVQH15) with the same
#: code, 46. Certificates and addresses still print the old name.
EARLIER_PROVINCE_NAMES = {"46": ["Tỉnh Thừa Thiên Huế"]}


def province_code(value) -> str:
    """Official two-digit province code ("01" Hà Nội, "46" Huế)."""
    return str(int(value)).zfill(2)


def ward_code(value) -> str:
    """Official five-digit ward code ("00070")."""
    return str(int(value)).zfill(5)


@dataclass
class LoadReport:
    provinces_created: int = 0
    provinces_updated: int = 0
    wards_created: int = 0
    wards_updated: int = 0
    aliases_created: int = 0
    aliases_deleted: int = 0

    @property
    def changed(self) -> bool:
        return any(vars(self).values())


def _centroids() -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]]]:
    """{province code: (lat, lon)}, {ward code: (lat, lon)} from vietnamadminunits."""
    rows = get_data(
        ["provinceCode", "provinceLat", "provinceLon", "ward", "wardCode", "wardLat", "wardLon"]
    )
    provinces = {
        province_code(r["provinceCode"]): (r["provinceLat"], r["provinceLon"]) for r in rows
    }
    wards = {ward_code(r["wardCode"]): (r["wardLat"], r["wardLon"]) for r in rows}
    # A few ward codes differ between the two packages; the names agree.
    by_name = {
        (province_code(r["provinceCode"]), r["ward"]): (r["wardLat"], r["wardLon"]) for r in rows
    }
    return provinces, wards, by_name


def _strip_type(name: str, division_type: str) -> str:
    prefix = division_type.capitalize() + " "
    for candidate in (prefix, "Thành phố ", "Tỉnh "):
        if name.startswith(candidate):
            return name[len(candidate):]
    return name


def _current_map():
    province_centroids, ward_centroids, ward_centroids_by_name = _centroids()
    provinces = {}
    for p in SourceProvince.iter_all():
        code = province_code(p.code.value)
        lat, lon = province_centroids.get(code, (None, None))
        provinces[code] = dict(
            name=p.name,
            short_name=_strip_type(p.name, p.division_type.value),
            codename=p.codename,
            division_type=p.division_type.value,
            latitude=lat,
            longitude=lon,
        )
    wards = {}
    for w in SourceWard.iter_all():
        code = ward_code(w.code.value)
        province = province_code(w.province_code.value)
        lat, lon = ward_centroids.get(code) or ward_centroids_by_name.get(
            (province, w.name), (None, None)
        )
        wards[code] = dict(
            province_id=province,
            name=w.name,
            short_name=_strip_type(w.name, w.division_type.value),
            codename=w.codename,
            division_type=w.division_type.value,
            latitude=lat,
            longitude=lon,
        )
    return provinces, wards


def _old_units(current_wards: dict[str, dict]):
    """Old provinces and districts with the current province and (for districts)
    the current ward most of their wards went to."""
    # vietnamadminunits numbers a few wards differently: translate through names.
    our_code = {(w["province_id"], w["name"]): code for code, w in current_wards.items()}
    new_keys = {
        r["provinceKey"]: province_code(r["provinceCode"])
        for r in get_data(["provinceKey", "provinceCode"])
    }
    new_wards = {
        (r["provinceKey"], r["wardKey"]): our_code.get(
            (province_code(r["provinceCode"]), r["ward"]), ward_code(r["wardCode"])
        )
        for r in get_data(["provinceKey", "wardKey", "wardCode", "provinceCode", "ward"])
    }
    legacy = [
        tuple(r.values())
        for r in get_data(
            [
                "province",
                "provinceShort",
                "provinceKey",
                "district",
                "districtShort",
                "districtKey",
                "ward",
                "wardShort",
                "wardKey",
            ],
            table="admin_units_legacy",
        )
    ]
    # The old → new mapping convert_address() itself uses (old province keys per
    # new province; old "province_district_ward" keys per new ward).
    old_to_new_province = {
        old: new_keys[new]
        for new, olds in converter_2025.DICT_PROVINCE.items()
        for old in olds
        if new in new_keys
    }
    # old "province_district_ward" key → current ward code
    old_ward_to_new: dict[str, str] = {}
    for new_province, by_new_ward in converter_2025.DICT_PROVINCE_WARD_NO_DIVIDED.items():
        for new_ward, old_keys in by_new_ward.items():
            code = new_wards.get((new_province, new_ward))
            for old_key in old_keys:
                if code:
                    old_ward_to_new[old_key] = code
    for new_province, by_old_ward in converter_2025.DICT_PROVINCE_WARD_DIVIDED.items():
        for old_key, parts in by_old_ward.items():
            default = next((p for p in parts if p.get("isDefaultNewWard")), parts[0])
            code = new_wards.get((new_province, default["newWardKey"]))
            if code:
                old_ward_to_new[old_key] = code

    provinces, districts, wards = {}, defaultdict(Counter), {}
    for (prov, prov_short, prov_key, dist, dist_short, dist_key, ward, ward_short, ward_key) in legacy:
        new_province = old_to_new_province.get(prov_key)
        if new_province is None:
            continue
        provinces[prov_key] = (prov, prov_short, new_province)
        new_ward = old_ward_to_new.get(f"{prov_key}_{dist_key}_{ward_key}")
        districts[(prov_key, dist, dist_short)][new_ward] += 1
        if new_ward:
            wards[(prov_key, dist_short, ward)] = (ward_short, new_ward)
    return provinces, districts, wards


def _aliases(current_wards: dict[str, dict]):
    """Every alias row as {(key, kind, province code): (name, ward code | None)}."""
    old_provinces, old_districts, old_wards = _old_units(current_wards)
    rows = {}
    for name, short, new_province in old_provinces.values():
        rows[(name_key(short), "province", new_province)] = (name, None)
    for new_province, names in EARLIER_PROVINCE_NAMES.items():
        for name in names:
            rows[(name_key(name), "province", new_province)] = (name, None)
    for (prov_key, dist_name, dist_short), counts in old_districts.items():
        province_name, province_short, new_province = old_provinces[prov_key]
        counts.pop(None, None)
        new_ward = counts.most_common(1)[0][0] if counts else None
        if new_ward not in current_wards:
            new_ward = None
        key = f"{name_key(dist_short)}|{name_key(province_short)}"
        rows[(key, "district", new_province)] = (f"{dist_name}, {province_name}", new_ward)
    for (prov_key, dist_short, ward_name), (_ward_short, new_ward) in old_wards.items():
        province_name, province_short, _ = old_provinces[prov_key]
        if new_ward not in current_wards:
            continue
        new_province = current_wards[new_ward]["province_id"]
        key = f"{name_key(ward_name)}|{name_key(dist_short)}|{name_key(province_short)}"
        rows[(key, "ward", new_province)] = (f"{ward_name}, {dist_short}, {province_name}", new_ward)
    return rows


def _sync(model, wanted: dict[str, dict], fields: list[str]) -> tuple[int, int]:
    existing = {obj.pk: obj for obj in model.objects.all()}
    to_create, to_update = [], []
    for pk, values in wanted.items():
        obj = existing.get(pk)
        if obj is None:
            to_create.append(model(pk=pk, **values))
        elif any(getattr(obj, f) != values[f] for f in fields):
            for f in fields:
                setattr(obj, f, values[f])
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=1000)
    model.objects.bulk_update(to_update, fields, batch_size=1000)
    return len(to_create), len(to_update)


@transaction.atomic
def load_regions(progress: Callable[[str], None] | None = None, apps=None) -> LoadReport:
    """Create or update provinces, wards and aliases. ``apps`` is the migration
    state when called from a data migration."""
    if apps is None:
        from django.apps import apps
    Province = apps.get_model("regions", "Province")
    Ward = apps.get_model("regions", "Ward")
    RegionAlias = apps.get_model("regions", "RegionAlias")
    say = progress or (lambda message: None)
    report = LoadReport()

    say("Reading the 2025 map (vietnam-provinces, vietnamadminunits)…")
    provinces, wards = _current_map()
    unit_fields = ["name", "short_name", "codename", "division_type", "latitude", "longitude"]
    report.provinces_created, report.provinces_updated = _sync(Province, provinces, unit_fields)
    say(f"Provinces: {len(provinces)}")
    report.wards_created, report.wards_updated = _sync(Ward, wards, ["province_id", *unit_fields])
    say(f"Wards: {len(wards)}")

    say("Mapping pre-2025 provinces, districts and wards to the current units…")
    wanted = _aliases(wards)
    existing = {
        (a.key, a.kind, a.province_id): a for a in RegionAlias.objects.all()
    }
    stale = [a.pk for k, a in existing.items() if k not in wanted or (a.name, a.ward_id) != wanted[k]]
    RegionAlias.objects.filter(pk__in=stale).delete()
    keep = {k for k, a in existing.items() if a.pk not in set(stale)}
    new = [
        RegionAlias(key=k[0], kind=k[1], province_id=k[2], name=name, ward_id=ward)
        for k, (name, ward) in wanted.items()
        if k not in keep
    ]
    RegionAlias.objects.bulk_create(new, batch_size=2000)
    report.aliases_created, report.aliases_deleted = len(new), len(stale)
    say(f"Old names: {len(wanted)}")
    if report.changed:
        transaction.on_commit(clear_cache)
    return report
