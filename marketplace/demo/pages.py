"""Demo content for the CMS: home page, stories, producer and region pages.

``load_cms_demo()`` is called by ``load_demo`` after the shop's demo products are
imported (``manage.py load_cms_demo`` runs it alone). It looks products up by their
(Vietnamese) titles; a product that is missing is skipped and reported, never invented. Everything is idempotent: pages
are found by slug under their parent, images by title, groups and workflow by
name. Facts come from /work/shared/DOMAIN.md (provincial OCOP reports).
"""

import io
import sys
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from oscar.core.loading import get_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from cms.models import (
    HomePage,
    ProducerIndexPage,
    RegionIndexPage,
    RegionPage,
    StoryIndexPage,
    StoryPage,
    sellable_products,
)
from cms.sections import (
    content_locales,
    ensure_moderation,
    get_root_collection,
    get_root_page,
    publish,
    setup_producer_section,
    slug_for,
    translation_of,
)
from marketplace.demo.images import draw_illustration

Product = get_model("catalogue", "Product")
Province = get_model("regions", "Province")
Image = get_image_model()

DEMO_IMAGE_PREFIX = "Demo · "


@dataclass
class Report:
    stdout: object

    def __call__(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message + ("" if message.endswith("\n") else "\n"))


# --------------------------------------------------------------------------- images


def demo_image(key: str, caption: str, motif: str, palette: str, seed: int = 0):
    """A generated Wagtail image, created once (found again by title)."""
    title = f"{DEMO_IMAGE_PREFIX}{caption}"
    image = Image.objects.filter(title=title).first()
    if image is None:
        data = draw_illustration(caption, motif, palette, seed=seed)
        image = Image(title=title, collection=get_root_collection())
        image.file = ImageFile(_named_bytes(data, f"demo-{key}.jpg"), name=f"demo-{key}.jpg")
        image.save()
    return image


def _named_bytes(data: bytes, name: str):
    buffer = io.BytesIO(data)
    buffer.name = name
    return buffer


# --------------------------------------------------------------------------- products


def find_product(alternatives: tuple, catalogue: list | None = None):
    """The demo product matching the first of ``alternatives`` that matches.

    An alternative is a barcode, a title fragment, or a tuple of fragments that
    must all be in the Vietnamese title. Matching folds case in Python because
    SQLite's LIKE only folds ASCII ("Rổ" vs "rổ"). Sellable products win over
    lapsed ones. None when the shop has no such product.
    """
    if catalogue is None:
        catalogue = demo_catalogue()
    for alternative in alternatives:
        fragments = (alternative,) if isinstance(alternative, str) else alternative
        folded = [fragment.casefold() for fragment in fragments]
        matches = [
            product for product in catalogue
            if all(f in product.title.casefold() for f in folded)
            or (len(fragments) == 1 and product.upc == fragments[0])
        ]
        if matches:
            return min(matches, key=lambda product: (not product.is_sellable, product.pk))
    return None


def demo_catalogue() -> list:
    """Every standalone product with what matching and story building read."""
    return list(
        Product.objects.filter(parent=None)
        .select_related("producer__province")
        .with_certification()
        .order_by("pk")
    )


def find_province(short_name: str):
    return Province.objects.filter(Q(short_name=short_name) | Q(name__iendswith=short_name)).first()


# --------------------------------------------------------------------------- content

HOME = {
    "title": ("Chợ OCOP", "OCOP Market"),
    "hero_title": (
        "Sản phẩm OCOP được chứng nhận, kể bằng câu chuyện của người làm ra",
        "Certified OCOP products, told by the people who make them",
    ),
    "hero_intro": (
        "Mỗi sản phẩm ở đây có giấy chứng nhận OCOP còn hiệu lực, từ 3 đến 5 sao. "
        "Đọc câu chuyện của hợp tác xã, hộ sản xuất và làng nghề, rồi mua trực tiếp từ họ.",
        "Every product here holds a valid OCOP certificate, 3 to 5 stars. Read the stories of "
        "the cooperatives, households and craft villages behind them, then buy from them directly.",
    ),
}

INDEXES = {
    "stories": {
        "model": StoryIndexPage,
        "slug": "cau-chuyen",
        "title": ("Câu chuyện sản phẩm", "Product stories"),
        "intro": (
            "Câu chuyện sản phẩm là một phần của bộ tiêu chí OCOP: sản phẩm đến từ đâu, ai làm ra và "
            "làm như thế nào.",
            "The product story is part of how OCOP grades a product: where it comes from, who makes it "
            "and how.",
        ),
    },
    "producers": {
        "model": ProducerIndexPage,
        "slug": "nha-san-xuat",
        "title": ("Chủ thể OCOP", "OCOP producers"),
        "intro": (
            "Hợp tác xã, tổ hợp tác, doanh nghiệp nhỏ và hộ sản xuất kinh doanh: những chủ thể đứng "
            "sau mỗi sản phẩm OCOP.",
            "Cooperatives, cooperative groups, small enterprises and household businesses: the "
            "producers behind every OCOP product.",
        ),
    },
    "regions": {
        "model": RegionIndexPage,
        "slug": "vung-mien",
        "title": ("Vùng miền", "Regions"),
        "intro": (
            "Từ ngày 1/7/2025, Việt Nam có 34 tỉnh, thành phố và 3.321 xã, phường; cấp huyện không còn. "
            "Sản phẩm được xếp theo địa giới mới.",
            "Since 1 July 2025 Vietnam has 34 provinces and cities and 3,321 communes and wards; the "
            "district level no longer exists. Products are listed by the new map.",
        ),
    },
}

REGIONS = [
    {
        "province": "Huế",
        "slug": "hue",
        "title": ("Huế", "Huế"),
        "image": ("region-hue", "Huế — mây tre, trà rau má, thổ cẩm A Lưới", "hills", "hills"),
        "intro": (
            "Thành phố Huế (trước đây là tỉnh Thừa Thiên Huế) có 25 sản phẩm OCOP cấp tỉnh vào năm 2021: "
            "6 sản phẩm 4 sao và 19 sản phẩm 3 sao.",
            "Huế City (formerly Thừa Thiên Huế province) had 25 provincial OCOP products by 2021: six "
            "rated 4 stars and nineteen rated 3 stars.",
        ),
        "body": (
            "<p>Sản phẩm OCOP của Huế trải từ đồng bằng Quảng Điền, Phong Điền đến vùng núi A Lưới: "
            "đèn và rổ rá mây tre Bao La, trà rau má Quảng Thọ, gạo hữu cơ An Lỗ, chuối già lùn và khăn "
            "choàng dệt zèng của đồng bào A Lưới, hương sạch Tân Nguyên ở Hương Thủy.</p>"
            "<p>Giấy chứng nhận cũ vẫn ghi cơ quan cấp là UBND tỉnh Thừa Thiên Huế; cửa hàng giữ nguyên "
            "tên như trên quyết định.</p>",
            "<p>Huế's OCOP products reach from the Quảng Điền and Phong Điền plains to the A Lưới "
            "highlands: Bao La rattan and bamboo lamps and baskets, Quảng Thọ pennywort tea, An Lỗ "
            "organic rice, A Lưới dwarf bananas and zèng brocade scarves, and clean incense from "
            "Tân Nguyên in Hương Thủy.</p>"
            "<p>Older certificates name the People's Committee of Thừa Thiên Huế province as issuer; "
            "the shop keeps the name exactly as printed on the decision.</p>",
        ),
    },
    {
        "province": "Quảng Ninh",
        "slug": "quang-ninh",
        "title": ("Quảng Ninh", "Quảng Ninh"),
        "image": ("region-quang-ninh", "Quảng Ninh — vịnh Hạ Long", "waves", "sea"),
        "intro": (
            "Quảng Ninh là một trong những tỉnh đi đầu chương trình OCOP: 332 sản phẩm OCOP vào năm "
            "2018, doanh thu khoảng 700 tỷ đồng năm 2017.",
            "Quảng Ninh is one of the pioneers of the OCOP programme: 332 OCOP products by 2018 and "
            "sales of about 700 billion đồng in 2017.",
        ),
        "body": (
            "<p>Chả mực Hạ Long ở chợ Hòn Gai, trứng gà Tân An (Quảng Yên), na trái mùa và rượu mơ "
            "Uông Bí là những sản phẩm quen thuộc của tỉnh. Du khách có thể mua tại điểm bán hàng OCOP "
            "ở siêu thị Big C Hạ Long; tỉnh hỗ trợ 2 tỷ đồng cho mỗi điểm bán cấp tỉnh.</p>",
            "<p>Hạ Long squid cake from Hòn Gai market, Tân An eggs from Quảng Yên, off-season custard "
            "apples and Uông Bí apricot wine are the province's best-known products. Visitors can buy "
            "them at the OCOP corner of the Big C Hạ Long supermarket; the province funds each "
            "provincial sales point with 2 billion đồng.</p>",
        ),
    },
]


def P(vi, en):  # noqa: N802  (a paragraph in both languages)
    return ("paragraph", vi, en)


def H(vi, en):  # noqa: N802
    return ("heading", vi, en)


def Q_(vi, en, who_vi="", who_en=""):  # noqa: N802
    return ("quote", vi, en, who_vi, who_en)


STORIES = [
    {
        "slug": "den-may-tre-bao-la",
        "province": "Huế",
        "products": [(("Đèn", "mây tre"), ("Đèn", "Bao La"), "Đèn trang trí"), (("Rổ", "mây tre"), ("rá", "mây tre"), ("Rổ", "Bao La"))],
        "image": ("story-bao-la", "Mây tre đan Bao La — Huế", "weave", "bamboo"),
        "tags": (["thủ công mỹ nghệ", "mây tre", "Huế"], ["handicraft", "rattan and bamboo", "Huế"]),
        "title": ("Đèn mây tre Bao La: nghề đan bên sông Bồ", "Bao La rattan lamps: weaving by the Bồ river"),
        "intro": (
            "HTX Mây tre đan Bao La đưa những chiếc đèn, rổ, rá đan tay của làng nghề Huế lên hạng OCOP 4 sao.",
            "The Bao La Rattan and Bamboo Weaving Cooperative took the hand-woven lamps and baskets of a "
            "Huế craft village to a 4-star OCOP rating.",
        ),
        "body": [
            H("Từ chiếc rổ, chiếc rá hằng ngày", "From everyday baskets"),
            P(
                "Ở Bao La, mây và tre được chẻ, vót và đan thành rổ, rá dùng trong bếp của mọi nhà. "
                "Hợp tác xã gom các hộ thợ lại để giữ chung một tiêu chuẩn, một thương hiệu.",
                "In Bao La, rattan and bamboo are split, shaved and woven into the baskets every kitchen "
                "uses. The cooperative brings the weaving households together under one standard and "
                "one brand.",
            ),
            ("product", 1, "Rổ, rá mây tre: bền, nhẹ, dùng hằng ngày.", "Rattan and bamboo baskets: light, sturdy, for every day."),
            H("Đến chiếc đèn trang trí", "To decorative lamps"),
            P(
                "Đèn trang trí là bước đi mới: cùng kỹ thuật đan cũ, nhưng dáng mới cho khách du lịch và "
                "nhà hàng, khách sạn. Sản phẩm được công nhận OCOP 4 sao cấp tỉnh.",
                "Decorative lamps are the new step: the same old weaving technique in new shapes for "
                "visitors, restaurants and hotels. The products were recognised as 4-star OCOP by the "
                "province.",
            ),
            ("image", "story-bao-la-2", "Ánh đèn qua nan mây", "Lamplight through rattan", "weave", "apricot"),
            Q_(
                "Mỗi chiếc đèn là một tuần làm việc của đôi tay thợ.",
                "Every lamp is a week of a weaver's hands.",
                "Thợ đan Bao La", "A Bao La weaver",
            ),
            ("product", 0, "Đèn mây tre: ánh sáng ấm cho góc nhà.", "Rattan lamp: warm light for a corner of the home."),
        ],
    },
    {
        "slug": "tra-rau-ma-quang-tho",
        "province": "Huế",
        "products": [("Trà rau má Quảng Thọ", "Trà rau má")],
        "image": ("story-rau-ma", "Trà rau má Quảng Thọ", "leaves", "tea"),
        "tags": (["đồ uống", "Huế"], ["beverages", "Huế"]),
        "title": ("Trà rau má Quảng Thọ: cánh đồng xanh thành tách trà", "Quảng Thọ pennywort tea: green fields in a cup"),
        "intro": (
            "HTX Nông nghiệp Quảng Thọ II ở Quảng Điền biến rau má, loại rau quen thuộc của Huế, thành trà "
            "túi lọc đạt OCOP 4 sao.",
            "The Quảng Thọ II Agricultural Cooperative in Quảng Điền turns pennywort, a familiar Huế "
            "vegetable, into a 4-star OCOP herbal tea.",
        ),
        "body": [
            P(
                "Quảng Thọ nổi tiếng với những ruộng rau má. Thay vì chỉ bán rau tươi theo mùa, hợp tác xã "
                "sấy khô và chế biến thành trà, để sản phẩm đi xa hơn chợ làng.",
                "Quảng Thọ is known for its pennywort fields. Instead of selling only fresh leaves in "
                "season, the cooperative dries and processes them into tea, so the crop travels further "
                "than the village market.",
            ),
            Q_(
                "Rau má là rau của nhà nông; làm thành trà, nó có thể đến với mọi người.",
                "Pennywort is a farmer's vegetable; made into tea, it can reach everyone.",
                "Xã viên HTX Quảng Thọ II", "A member of Quảng Thọ II cooperative",
            ),
            ("product", 0, "Pha với nước sôi 3–5 phút, uống nóng hoặc lạnh.", "Steep in boiling water for 3–5 minutes; drink hot or iced."),
        ],
    },
    {
        "slug": "khan-choang-zeng-nham",
        "province": "Huế",
        "products": [("Khăn choàng zèng", "zèng")],
        "image": ("story-zeng", "Dệt zèng — A Lưới", "brocade", "brocade"),
        "tags": (["thủ công mỹ nghệ", "dân tộc thiểu số", "A Lưới"], ["handicraft", "ethnic minority", "A Lưới"]),
        "title": ("Khăn choàng zèng Nhâm: hoa văn của núi rừng A Lưới", "Nhâm zèng scarves: the patterns of the A Lưới highlands"),
        "intro": (
            "Những người phụ nữ của HTX Thổ cẩm xã Nhâm dệt khăn choàng zèng trên khung dệt truyền thống; "
            "sản phẩm đạt OCOP 4 sao.",
            "The women of the Nhâm Brocade Cooperative weave zèng scarves on traditional looms; the "
            "scarves are rated 4-star OCOP.",
        ),
        "body": [
            H("Dệt zèng", "Zèng weaving"),
            P(
                "Zèng là vải thổ cẩm của đồng bào Tà Ôi ở A Lưới, dệt bằng khung dệt đeo lưng, với hạt cườm "
                "được luồn vào từng sợi để tạo hoa văn.",
                "Zèng is the brocade of the Tà Ôi people of A Lưới, woven on back-strap looms with beads "
                "threaded into the weft to form the patterns.",
            ),
            ("image", "story-zeng-2", "Hoa văn zèng", "Zèng patterns", "brocade", "incense"),
            P(
                "Bộ tiêu chí OCOP năm 2023 cộng điểm cho chủ thể do phụ nữ làm chủ và chủ thể là đồng bào dân "
                "tộc thiểu số: nghề dệt ở Nhâm là cả hai.",
                "The 2023 OCOP criteria give bonus points to women-led and ethnic-minority producers: "
                "the weavers of Nhâm are both.",
            ),
            ("product", 0, "Mỗi chiếc khăn là một bản hoa văn riêng.", "Every scarf carries its own pattern."),
        ],
    },
    {
        "slug": "gao-huu-co-an-lo",
        "province": "Huế",
        "products": [("Gạo hữu cơ An Lỗ", ("Gạo", "An Lỗ"))],
        "image": ("story-an-lo", "Gạo hữu cơ An Lỗ — Phong Điền", "grains", "rice"),
        "tags": (["thực phẩm", "hữu cơ", "Huế"], ["food", "organic", "Huế"]),
        "title": ("Gạo hữu cơ An Lỗ: cánh đồng không thuốc hóa học", "An Lỗ organic rice: fields without chemicals"),
        "intro": (
            "HTX SX-KD-DV nông nghiệp An Lỗ ở Phong Điền trồng lúa theo quy trình hữu cơ; gạo An Lỗ đạt "
            "OCOP 4 sao.",
            "The An Lỗ agricultural cooperative in Phong Điền grows rice organically; An Lỗ rice holds a "
            "4-star OCOP rating.",
        ),
        "body": [
            P(
                "Trên cánh đồng An Lỗ, lúa được chăm bằng phân hữu cơ, không dùng thuốc bảo vệ thực vật "
                "hóa học. Hợp tác xã bao tiêu sản phẩm cho xã viên và đóng gói gạo mang thương hiệu chung.",
                "In the An Lỗ fields, rice is grown with organic fertiliser and no chemical pesticides. "
                "The cooperative buys its members' harvest and packs it under one brand.",
            ),
            ("product", 0, "Nấu với ít nước hơn gạo thường một chút.", "Cook with slightly less water than ordinary rice."),
        ],
    },
    {
        "slug": "chuoi-gia-lun-a-luoi",
        "province": "Huế",
        "products": [("Chuối già lùn A Lưới", "Chuối già lùn")],
        "image": ("story-chuoi", "Chuối già lùn A Lưới", "bananas", "banana"),
        "tags": (["thực phẩm", "A Lưới"], ["food", "A Lưới"]),
        "title": ("Chuối già lùn A Lưới: trái ngọt vùng cao", "A Lưới dwarf bananas: sweet fruit of the highlands"),
        "intro": (
            "HTX Sản xuất và kinh doanh nông sản an toàn ở A Lưới đưa chuối già lùn vùng cao lên hạng "
            "OCOP 4 sao.",
            "A safe-farm-produce cooperative in A Lưới took the highland dwarf banana to a 4-star OCOP "
            "rating.",
        ),
        "body": [
            P(
                "Khí hậu mát của A Lưới cho chuối già lùn vị ngọt đậm. Hợp tác xã liên kết các hộ trồng "
                "theo quy trình an toàn, thu hoạch đúng độ chín và đóng gói để đi xa.",
                "A Lưới's cool climate gives the dwarf banana a rich sweetness. The cooperative links "
                "growers who follow a safe-farming process, harvests at the right ripeness and packs the "
                "fruit to travel.",
            ),
            ("product", 0, "", ""),
        ],
    },
    {
        "slug": "cha-muc-ha-long",
        "province": "Quảng Ninh",
        "products": [("Chả mực Hạ Long", "Chả mực")],
        "image": ("story-cha-muc", "Chả mực Hạ Long — chợ Hòn Gai", "market", "sea"),
        "tags": (["thực phẩm", "Quảng Ninh", "hải sản"], ["food", "Quảng Ninh", "seafood"]),
        "title": ("Chả mực Hạ Long: đặc sản chợ Hòn Gai", "Hạ Long squid cake: the pride of Hòn Gai market"),
        "intro": (
            "Chả mực giã tay là món quà quen thuộc của Hạ Long, bán nhiều nhất ở chợ Hòn Gai và tại các "
            "điểm bán hàng OCOP của Quảng Ninh.",
            "Hand-pounded squid cake is Hạ Long's best-known gift, sold above all at Hòn Gai market and "
            "at Quảng Ninh's OCOP sales points.",
        ),
        "body": [
            P(
                "Mực tươi từ vịnh được giã bằng cối đá cho đến khi dẻo, rồi nặn thành bánh và rán vàng. "
                "Giã tay giữ được độ giòn sần sật mà máy xay không làm được.",
                "Fresh squid from the bay is pounded in a stone mortar until it turns elastic, then shaped "
                "into cakes and fried golden. Pounding by hand keeps the springy bite a grinder loses.",
            ),
            ("image", "story-cha-muc-2", "Vịnh Hạ Long", "Hạ Long bay", "waves", "sea"),
            P(
                "Quảng Ninh có 332 sản phẩm OCOP vào năm 2018. Du khách có thể tìm chả mực tại góc OCOP của "
                "siêu thị Big C Hạ Long.",
                "Quảng Ninh had 332 OCOP products by 2018. Visitors find squid cake at the OCOP corner of "
                "the Big C Hạ Long supermarket.",
            ),
            ("product", 0, "Bảo quản đông lạnh; rán lại trên lửa nhỏ.", "Keep frozen; re-fry over a low flame."),
        ],
    },
    {
        "slug": "ruou-mo-uong-bi",
        "province": "Quảng Ninh",
        "products": [("Rượu mơ Uông Bí", "Rượu mơ")],
        "image": ("story-ruou-mo", "Rượu mơ Uông Bí", "bottle", "apricot"),
        "tags": (["đồ uống", "Quảng Ninh"], ["beverages", "Quảng Ninh"]),
        "title": ("Rượu mơ Uông Bí: mùa mơ chín thành rượu", "Uông Bí apricot wine: the apricot season in a bottle"),
        "intro": (
            "Rượu mơ Uông Bí là một trong những sản phẩm OCOP quen thuộc của Quảng Ninh, ngâm từ mơ chín "
            "vào mùa hè.",
            "Uông Bí apricot wine is one of Quảng Ninh's familiar OCOP products, steeped from apricots "
            "ripened in early summer.",
        ),
        "body": [
            P(
                "Mơ được hái khi chín vàng, rửa sạch, ngâm cùng rượu gạo và đường trong nhiều tháng. Rượu có "
                "màu hổ phách, vị chua ngọt, thơm mùi mơ.",
                "Apricots are picked ripe and golden, washed and steeped with rice spirit and sugar for "
                "months. The wine turns amber, sweet and sour, scented with apricot.",
            ),
            Q_(
                "Uống có chừng mực; không bán cho người dưới 18 tuổi.",
                "Drink in moderation; not sold to anyone under 18.",
            ),
            ("product", 0, "", ""),
        ],
    },
]


# --------------------------------------------------------------------------- builders


def _child_by_slug(parent: Page, slug: str, model):
    return model.objects.child_of(parent).filter(slug=slug).first()


def ensure_site_structure(report: Report) -> dict:
    """Home page (the default Site's root) and its three index pages in every
    content language. Returns {"home": {lang: page}, "stories": {...}, ...}."""
    locales = content_locales()
    default = locales[0]
    root = get_root_page()

    home = HomePage.objects.filter(locale=default, depth=2).first()
    if home is None:
        home = HomePage(
            title=HOME["title"][0], slug="trang-chu", locale=default,
            hero_title=HOME["hero_title"][0], hero_intro=HOME["hero_intro"][0],
            hero_image=demo_image("home", "Chợ OCOP — sản phẩm OCOP từ mọi miền", "weave", "apricot"),
        )
        root.add_child(instance=home)
        publish(home)
        report("  home page created")
    pages = {"home": {default.language_code: home}}
    for locale in locales[1:]:
        pages["home"][locale.language_code] = home.get_translation_or_none(locale) or translation_of(
            home, locale, title=HOME["title"][1], hero_title=HOME["hero_title"][1],
            hero_intro=HOME["hero_intro"][1],
        )

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    if site.root_page_id != home.pk or site.site_name != "Chợ OCOP":
        old_root = site.root_page if site.pk else None
        site.root_page = home
        site.site_name = "Chợ OCOP"
        site.save()
        # Wagtail's placeholder "Welcome" page is no longer reachable; remove it.
        if old_root and old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()
        report("  default site now serves the home page")

    for key, spec in INDEXES.items():
        model = spec["model"]
        page = _child_by_slug(home, spec["slug"], model)
        if page is None:
            page = model(title=spec["title"][0], slug=spec["slug"], intro=spec["intro"][0])
            home.add_child(instance=page)
            publish(page)
        pages[key] = {default.language_code: page}
        for locale in locales[1:]:
            pages[key][locale.language_code] = (
                page.get_translation_or_none(locale)
                or translation_of(page, locale, title=spec["title"][1], intro=spec["intro"][1])
            ).specific
    return pages


def _rich(html: str) -> RichText:
    return RichText(html)


def _story_body(spec, language: int, products: list, report: Report) -> list:
    """StreamField content for ``spec`` in language 0 (vi) or 1 (en)."""
    body = []
    for block in spec["body"]:
        kind = block[0]
        if kind == "heading":
            body.append(("heading", {"text": block[1 + language], "level": "h2"}))
        elif kind == "paragraph":
            body.append(("paragraph", _rich(f"<p>{block[1 + language]}</p>")))
        elif kind == "quote":
            body.append(("quote", {"text": block[1 + language], "attribution": block[3 + language]}))
        elif kind == "image":
            _kind, key, caption_vi, caption_en, motif, palette = block
            image = demo_image(key, caption_vi, motif, palette, seed=len(key))
            body.append(("image", {"image": image, "caption": (caption_vi, caption_en)[language],
                                   "attribution": ""}))
        elif kind == "product":
            _kind, index, note_vi, note_en = block
            product = products[index] if index < len(products) else None
            if product is None:
                continue
            body.append(("product", {"product": product, "note": (note_vi, note_en)[language]}))
    return body


def build_regions(pages: dict, report: Report) -> dict:
    """Region pages for the demo provinces that exist in the database."""
    locales = content_locales()
    default = locales[0]
    index = pages["regions"][default.language_code]
    result = {}
    for spec in REGIONS:
        province = find_province(spec["province"])
        if province is None:
            report(f"  region {spec['province']}: province not loaded, page skipped")
            continue
        if not Product.objects.filter(producer__province=province).exists():
            report(f"  region {spec['province']}: no products from this province yet, page skipped")
            continue
        page = RegionPage.objects.filter(locale=default, province=province).first()
        if page is None:
            key, caption, motif, palette = spec["image"]
            page = RegionPage(
                title=spec["title"][0], slug=spec["slug"], province=province,
                intro=spec["intro"][0], body=spec["body"][0],
                hero_image=demo_image(key, caption, motif, palette),
            )
            index.add_child(instance=page)
            publish(page)
            report(f"  region page {spec['title'][0]} created")
        for locale in locales[1:]:
            if page.get_translation_or_none(locale) is None:
                translation_of(page, locale, title=spec["title"][1], intro=spec["intro"][1], body=spec["body"][1])
        result[province.pk] = page
    return result


def build_other_region_pages(report: Report) -> list[RegionPage]:
    """A short generated region page (and its translations) for every other province
    that has sellable products. Returns the pages created, in the default language."""
    locales = content_locales()
    default = locales[0]
    index = RegionIndexPage.objects.filter(locale=default).first()
    if index is None:
        return []
    covered = RegionPage.objects.filter(locale=default).values("province")
    provinces = (
        Province.objects.filter(pk__in=sellable_products().values("producer__province"))
        .exclude(pk__in=covered)
        .order_by("short_name")
    )
    created = []
    for province in provinces:
        count = sellable_products().filter(producer__province=province).count()
        page = RegionPage(
            title=province.short_name,
            slug=slug_for(province.short_name),
            province=province,
            intro=f"{count} sản phẩm OCOP được chứng nhận của {province.name} đang bán trên Chợ OCOP.",
        )
        index.add_child(instance=page)
        publish(page)
        for locale in locales[1:]:
            translation_of(
                page, locale,
                intro=f"{count} certified OCOP products from {province.name} on sale at Chợ OCOP.",
            )
        created.append(page)
        report(f"  region page created: {province.name}")
    return created


PRODUCER_PROFILES = {
    # keyed by a fragment of the producer's registered name
    "Bao La": (
        "Hợp tác xã của làng nghề mây tre đan Bao La, Huế: rổ, rá và đèn trang trí đan tay, OCOP 4 sao.",
        "The cooperative of Bao La's rattan and bamboo weaving village in Huế: hand-woven baskets and "
        "decorative lamps, 4-star OCOP.",
        "weave", "bamboo",
    ),
    "Quảng Thọ": (
        "Hợp tác xã nông nghiệp ở Quảng Điền, Huế, chế biến rau má thành trà, OCOP 4 sao.",
        "An agricultural cooperative in Quảng Điền, Huế, that turns pennywort into tea, 4-star OCOP.",
        "leaves", "tea",
    ),
    "Nhâm": (
        "Hợp tác xã thổ cẩm của phụ nữ Tà Ôi ở xã Nhâm, A Lưới, dệt khăn choàng zèng, OCOP 4 sao.",
        "The brocade cooperative of Tà Ôi women in Nhâm, A Lưới, weaving zèng scarves, 4-star OCOP.",
        "brocade", "brocade",
    ),
    "An Lỗ": (
        "Hợp tác xã nông nghiệp An Lỗ ở Phong Điền, Huế: gạo hữu cơ OCOP 4 sao.",
        "The An Lỗ agricultural cooperative in Phong Điền, Huế: 4-star OCOP organic rice.",
        "grains", "rice",
    ),
}


def _profile_for(producer):
    for fragment, profile in PRODUCER_PROFILES.items():
        if fragment.lower() in producer.name.lower():
            return profile
    return None


def build_producer_sections(producers: list, report: Report) -> dict:
    """Each story producer's CMS section (page in every language, group, collection)."""
    sections = {}
    for producer in producers:
        profile = _profile_for(producer)
        intro_vi = (profile[0] if profile else "") or producer.description
        intro_en = (profile[1] if profile else "") or producer.description_en
        section = setup_producer_section(producer, intro=intro_vi, intro_en=intro_en)
        page = section.pages[0]
        if page.hero_image_id is None:
            motif, palette = (profile[2], profile[3]) if profile else ("hills", "hills")
            image = demo_image(f"producer-{producer.pk}", producer.name, motif, palette, seed=producer.pk)
            photo = demo_image(f"producer-{producer.pk}-2", f"{producer.name} — xưởng", motif, "market",
                               seed=producer.pk + 7)
            for translated in section.pages:
                translated.hero_image = image
                if not translated.photos.exists():
                    translated.photos.create(image=photo, caption=producer.region_label)
                publish(translated)
        sections[producer.pk] = section
        report(f"  producer section: {producer.name}")
    return sections


def build_stories(pages: dict, report: Report) -> list:
    locales = content_locales()
    default = locales[0]
    story_index = pages["stories"][default.language_code]
    built = []
    plans = []
    catalogue = demo_catalogue()
    for spec in STORIES:
        products = []
        for terms in spec["products"]:
            product = find_product(terms, catalogue)
            if product is None:
                report(f"  story {spec['slug']}: no product matching {terms!r}; its block is skipped")
            elif product in products:
                # One shop product may cover two of the story's items ("đèn, rổ, rá"): show it once.
                product = None
            products.append(product)
        plans.append((spec, products))

    producers = []
    for _spec, products in plans:
        for product in products:
            if product is not None and product.producer and product.producer not in producers:
                producers.append(product.producer)
                break
    sections = build_producer_sections(producers, report)

    for spec, products in plans:
        producer = next((p.producer for p in products if p is not None and p.producer), None)
        province = producer.province if producer else find_province(spec["province"])
        parent = story_index
        if producer is not None and producer.pk in sections:
            parent = sections[producer.pk].pages[0]
        key, caption, motif, palette = spec["image"]
        hero = demo_image(key, caption, motif, palette, seed=len(spec["slug"]))
        body_vi = _story_body(spec, 0, products, report)
        page = StoryPage.objects.filter(locale=default, slug=spec["slug"]).first()
        if page is None:
            page = StoryPage(
                title=spec["title"][0], slug=spec["slug"], intro=spec["intro"][0], body=body_vi,
                hero_image=hero, producer=producer, province=province,
            )
            parent.add_child(instance=page)
            page.tags.set(spec["tags"][0])
            publish(page)
            report(f"  story created: {spec['title'][0]}")
        else:
            page = page.specific
            wanted = [p.pk for p in products if p is not None]
            if set(page.product_ids_in_body()) != set(wanted):
                page.body = body_vi
                page.producer, page.province = producer, province
                publish(page)
                report(f"  story updated with its products: {spec['title'][0]}")
        for locale in locales[1:]:
            translated = page.get_translation_or_none(locale)
            body_en = _story_body(spec, 1, products, report)
            if translated is None or set(translated.specific.product_ids_in_body()) != set(
                page.product_ids_in_body()
            ):
                translated = translation_of(
                    page, locale, title=spec["title"][1], intro=spec["intro"][1], body=body_en,
                    producer=producer, province=province,
                )
                translated.tags.set(spec["tags"][1])
                publish(translated)
        built.append(page)
    return built


@transaction.atomic
def load_cms_demo(stdout=None) -> dict:
    """Build (or complete) the CMS demo. Idempotent. Returns a summary dict."""
    report = Report(stdout if stdout is not None else sys.stdout)
    report("CMS demo: home, stories, producers, regions")
    pages = ensure_site_structure(report)
    regions = build_regions(pages, report)
    stories = build_stories(pages, report)
    others = build_other_region_pages(report)
    ensure_moderation(list(pages["home"].values()))
    report(f"CMS demo ready: {len(stories)} stories, {len(regions) + len(others)} region pages")
    return {"stories": len(stories), "regions": len(regions) + len(others), "home": pages["home"]}
