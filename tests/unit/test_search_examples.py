"""The no-results advice's example words: the kinds of product most titles name."""

from catalogue.search.service import common_heads

VIETNAMESE = [
    "Trà rau má Quảng Thọ (hộp 25 túi lọc)",
    "Trà hoa vàng Ba Chẽ (hộp 50 g)",
    "Trà ô long Cầu Đất (hộp 200 g)",
    "Cà phê Arabica Cầu Đất (rang xay, 250 g)",
    "Cà phê bột nguyên chất Buôn Ma Thuột (500 g)",
    "Khăn choàng zèng Nhâm",
    "Nước mắm Cửa Sót (chai 500 ml)",
]
ENGLISH = [
    "Quảng Thọ pennywort tea (25 tea bags)",
    "Ba Chẽ golden camellia tea (50 g box)",
    "Thuận An anchovy fish sauce (500 ml)",
    "Cửa Sót fish sauce (500 ml)",
    "Thái brocade scarf from Lác village",
    "Stilt-house homestay in Lác village, Mai Châu (1 night, 2 guests)",
]


def test_vietnamese_titles_name_the_kind_first_and_a_syllable_is_not_a_word():
    # "cà" alone is no kind: every title with it goes on "cà phê".
    assert common_heads(VIETNAMESE, 3, head_first=True) == ["trà", "cà phê", "khăn choàng"]


def test_english_titles_name_the_kind_last_before_the_pack_and_the_place():
    assert common_heads(ENGLISH, 2, head_first=False) == ["tea", "fish sauce"]
    assert "village" not in common_heads(ENGLISH, 10, head_first=False)


def test_no_titles_no_examples():
    assert common_heads([], 3, head_first=True) == []
