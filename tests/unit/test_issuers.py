import pytest

from catalogue.issuers import issuer_in_english


@pytest.mark.parametrize(
    "printed, english",
    [
        ("UBND tỉnh Thừa Thiên Huế", "Provincial People's Committee of Thừa Thiên Huế"),
        ("Ủy ban nhân dân tỉnh Lâm Đồng", "Provincial People's Committee of Lâm Đồng"),
        ("Uỷ ban nhân dân  tỉnh Lâm Đồng ", "Provincial People's Committee of Lâm Đồng"),
        ("UBND thành phố Hà Nội", "People's Committee of Hà Nội City"),
        ("UBND TP. Đà Nẵng", "People's Committee of Đà Nẵng City"),
        ("UBND thị xã Hương Trà", "People's Committee of Hương Trà Town"),
        ("UBND huyện Phong Điền", "District People's Committee of Phong Điền"),
        ("UBND xã Quảng Thành", "Commune People's Committee of Quảng Thành"),
        ("UBND phường Kim Long", "Ward People's Committee of Kim Long"),
        ("Bộ Nông nghiệp và Môi trường", "Ministry of Agriculture and Environment"),
        ("Bộ Nông nghiệp và Phát triển nông thôn", "Ministry of Agriculture and Rural Development"),
        ("Sở Công Thương tỉnh Quảng Ninh", "Department of Industry and Trade of Quảng Ninh Province"),
        ("Sở Nông nghiệp và Môi trường thành phố Huế",
         "Department of Agriculture and Environment of Huế City"),
        ("Thủ tướng Chính phủ", "Prime Minister of Viet Nam"),
    ],
)
def test_known_issuer_patterns_are_rendered_in_english(printed, english):
    assert issuer_in_english(printed) == english


@pytest.mark.parametrize("printed", ["", "Hợp tác xã Hương Trà", "UBND tỉnh", "Sở Ngoại vụ tỉnh Huế"])
def test_unknown_issuers_get_no_rendering_rather_than_a_wrong_one(printed):
    assert issuer_in_english(printed) is None
