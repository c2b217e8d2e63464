"""OCOP product groups.

The six groups of Decision 148/QĐ-TTg (2023) are Oscar categories with a stable
``code``; the six groups of the 2018 programme (Decision 490) are mapped onto them
so older certificates and provincial lists still classify.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from marketplace.languages import is_english


@dataclass(frozen=True)
class ProductGroup:
    code: str
    name_vi: str
    name_en: str
    #: Services (group 6) are booked, not shipped.
    requires_shipping: bool = True

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.name_en if is_english() else self.name_vi


GROUPS: tuple[ProductGroup, ...] = (
    ProductGroup("food", "Thực phẩm", "Food"),
    ProductGroup("beverage", "Đồ uống", "Beverages"),
    ProductGroup("herbal", "Dược liệu và sản phẩm từ dược liệu", "Medicinal herbs and herb products"),
    ProductGroup("handicraft", "Hàng thủ công mỹ nghệ", "Handicrafts"),
    ProductGroup("ornamental", "Sinh vật cảnh", "Ornamental plants and animals"),
    ProductGroup(
        "tourism",
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "Community and eco-tourism services",
        requires_shipping=False,
    ),
)
GROUPS_BY_CODE = {group.code: group for group in GROUPS}
GROUP_CODES = tuple(GROUPS_BY_CODE)

#: 2018 (Decision 490) group → 2023 group code.
LEGACY_GROUPS_2018: dict[str, str] = {
    "Thực phẩm": "food",
    "Đồ uống": "beverage",
    "Thảo dược": "herbal",
    "Vải và may mặc": "handicraft",
    "Lưu niệm – nội thất – trang trí": "handicraft",
    "Dịch vụ du lịch nông thôn, bán hàng": "tourism",
}

GROUP_CHOICES = [(group.code, _(group.name_en)) for group in GROUPS]
