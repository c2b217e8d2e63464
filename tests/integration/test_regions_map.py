import pytest

from marketplace.regions.loader import load_regions
from marketplace.regions.models import Province, RegionAlias, Ward
from marketplace.regions.resolve import (
    AmbiguousRegion,
    RegionNotFound,
    match_ward,
    resolve_province,
    resolve_region,
    resolve_ward,
)

pytestmark = pytest.mark.django_db


def test_the_2025_map_is_loaded_with_centroids():
    assert Province.objects.count() == 34
    assert Ward.objects.count() == 3321
    assert not Province.objects.filter(latitude__isnull=True).exists()
    # Two wards have no centroid in the source data; every other ward has one.
    assert Ward.objects.filter(latitude__isnull=True).count() <= 2
    hue = Province.objects.get(code="46")
    assert (hue.name, hue.short_name) == ("Thành phố Huế", "Huế")
    assert 16 < hue.latitude < 17 and 107 < hue.longitude < 108


def test_loading_again_changes_nothing():
    before = (Province.objects.count(), Ward.objects.count(), RegionAlias.objects.count())
    report = load_regions()
    assert not report.changed
    assert (Province.objects.count(), Ward.objects.count(), RegionAlias.objects.count()) == before


def test_the_loader_repairs_a_damaged_map():
    Ward.objects.filter(code="19867").update(name="Sai tên")
    report = load_regions()
    assert report.wards_updated == 1
    assert Ward.objects.get(code="19867").name == "Xã Quảng Điền"


@pytest.mark.parametrize(
    "written, code",
    [
        ("Thừa Thiên Huế", "46"),
        ("Tỉnh Thừa Thiên Huế", "46"),
        ("thua thien hue", "46"),
        ("Thành phố Huế", "46"),
        ("Hòa Bình", "25"),  # merged into Phú Thọ
        ("hoa binh", "25"),
        ("Phú Thọ", "25"),
        ("Quảng Ninh", "22"),
        ("TP. Hồ Chí Minh", "79"),
        ("22", "22"),
    ],
)
def test_current_and_old_province_names_resolve(written, code):
    assert resolve_province(written).code == code


def test_unknown_province_does_not_resolve():
    assert resolve_province("Atlantis") is None


def test_old_district_resolves_to_the_current_ward_it_became():
    hue = resolve_province("Thừa Thiên Huế")
    assert resolve_ward("Huyện Quảng Điền", hue).name == "Xã Quảng Điền"
    province, ward = resolve_region("Huyện Quảng Điền, Tỉnh Thừa Thiên Huế")
    assert (province.code, ward.name) == ("46", "Xã Quảng Điền")


def test_current_ward_names_resolve_with_or_without_type_and_accents():
    quang_ninh = resolve_province("Quảng Ninh")
    assert resolve_ward("Phường Hồng Gai", quang_ninh).name == "Phường Hồng Gai"
    assert resolve_ward("hong gai", quang_ninh).name == "Phường Hồng Gai"


def test_a_ward_of_another_province_is_not_found():
    with pytest.raises(RegionNotFound):
        match_ward("Hồng Gai", resolve_province("Huế"))


def test_a_name_shared_by_many_wards_is_ambiguous_without_a_province():
    with pytest.raises(AmbiguousRegion) as excinfo:
        match_ward("Phường 1")
    assert len(excinfo.value.candidates) > 1
    assert resolve_ward("Phường 1") is None
