"""The demo catalogue: real OCOP products from provincial reports (Huế, Quảng Ninh)
and well-known OCOP products of other provinces, with plausible producers and
recognition decisions.

Facts from /work/shared/DOMAIN.md are kept as reported (the Huế products are 4★
provincial products; the zèng weavers of A Lưới are Tà Ôi / Pa Kô women). Tax
codes, decision numbers and phone numbers are invented but well-formed: tax codes
with their province's prefix and a valid check digit (the import checks it with
python-stdnum), numbers as printed ("2150/QĐ-UBND"), issuing bodies as printed at the time (Huế was
"tỉnh Thừa Thiên Huế" until 2025; Hòa Bình and Bến Tre still appear under their
old names, which the import resolves to Phú Thọ and Vĩnh Long).

Signing dates follow the rules of the time: criteria 1048 before 24 Feb 2023
(province 3–4★), 148 after (district 3★, province 4★, central 5★), and after
1 July 2025 the province for 3–4★. Certificates run 36 months from signing, so
the 2021–2022 ones are expired.
"""

import datetime
from dataclasses import dataclass


def ean13(twelve: str) -> str:
    """A GS1 barcode (Vietnam's prefix is 893) with its check digit."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(twelve))
    return twelve + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class DemoProducer:
    key: str
    name: str
    kind: str  # enterprise | cooperative | cooperative_group | household
    tax_code: str
    #: Province and ward as a provincial list would write them (old names allowed).
    province: str
    ward: str
    phone: str
    contact_name: str
    description_vi: str
    description_en: str
    women_led: bool = False
    ethnic_minority: bool = False


@dataclass(frozen=True)
class DemoDecision:
    number: str
    signed_on: datetime.date
    issuing_body: str
    level: str  # district | province | central


@dataclass(frozen=True)
class DemoProduct:
    sku: str
    title_vi: str
    title_en: str
    description_vi: str
    description_en: str
    group: str
    producer: str
    star: str  # "3", "4", "5" or "5p" (potential 5★)
    decision: str
    price: int
    stock: int
    #: Short caption on the picture, and its motif (marketplace.demo.images.MOTIFS).
    short_name: str
    motif: str


D = datetime.date

DECISIONS: dict[str, DemoDecision] = {
    # Huế: the province was "tỉnh Thừa Thiên Huế" until 1 January 2025.
    "hue-2021": DemoDecision("2795/QĐ-UBND", D(2021, 11, 5), "UBND tỉnh Thừa Thiên Huế", "province"),
    "hue-2024": DemoDecision("2150/QĐ-UBND", D(2024, 9, 12), "UBND tỉnh Thừa Thiên Huế", "province"),
    "phu-vang-2024": DemoDecision("1032/QĐ-UBND", D(2024, 5, 20), "UBND huyện Phú Vang", "district"),
    "hue-2025": DemoDecision("1876/QĐ-UBND", D(2025, 8, 15), "UBND thành phố Huế", "province"),
    # Quảng Ninh
    "qn-2021": DemoDecision("1585/QĐ-UBND", D(2021, 5, 18), "UBND tỉnh Quảng Ninh", "province"),
    "qn-2024": DemoDecision("3120/QĐ-UBND", D(2024, 10, 8), "UBND tỉnh Quảng Ninh", "province"),
    "van-don-2024": DemoDecision("2456/QĐ-UBND", D(2024, 6, 14), "UBND huyện Vân Đồn", "district"),
    "bnn-2024": DemoDecision("4567/QĐ-BNN-KTHT", D(2024, 11, 29), "Bộ Nông nghiệp và Phát triển nông thôn", "central"),
    # Hà Tĩnh
    "ht-2024": DemoDecision("1902/QĐ-UBND", D(2024, 7, 3), "UBND tỉnh Hà Tĩnh", "province"),
    "tp-ha-tinh-2024": DemoDecision("985/QĐ-UBND", D(2024, 4, 10), "UBND thành phố Hà Tĩnh", "district"),
    "loc-ha-2024": DemoDecision("1217/QĐ-UBND", D(2024, 5, 6), "UBND huyện Lộc Hà", "district"),
    # Hòa Bình (now Phú Thọ) and Phú Thọ
    "hb-2024": DemoDecision("2034/QĐ-UBND", D(2024, 8, 22), "UBND tỉnh Hòa Bình", "province"),
    "pt-2022": DemoDecision("1964/QĐ-UBND", D(2022, 8, 10), "UBND tỉnh Phú Thọ", "province"),
    "pt-2024": DemoDecision("3318/QĐ-UBND", D(2024, 12, 16), "UBND tỉnh Phú Thọ", "province"),
    # Lâm Đồng
    "ld-2024": DemoDecision("1388/QĐ-UBND", D(2024, 6, 27), "UBND tỉnh Lâm Đồng", "province"),
    "ld-2025": DemoDecision("2210/QĐ-UBND", D(2025, 9, 18), "UBND tỉnh Lâm Đồng", "province"),
    # Đắk Lắk
    "dl-2025": DemoDecision("712/QĐ-UBND", D(2025, 3, 25), "UBND tỉnh Đắk Lắk", "province"),
    "cu-mgar-2024": DemoDecision("1540/QĐ-UBND", D(2024, 4, 23), "UBND huyện Cư M'gar", "district"),
    "bnnmt-2025": DemoDecision("3895/QĐ-BNNMT", D(2025, 10, 6), "Bộ Nông nghiệp và Môi trường", "central"),
    # Bến Tre (now Vĩnh Long) and Vĩnh Long
    "bt-2024": DemoDecision("2089/QĐ-UBND", D(2024, 9, 4), "UBND tỉnh Bến Tre", "province"),
    "giong-trom-2024": DemoDecision("3561/QĐ-UBND", D(2024, 7, 15), "UBND huyện Giồng Trôm", "district"),
    "vl-2025": DemoDecision("1145/QĐ-UBND", D(2025, 10, 28), "UBND tỉnh Vĩnh Long", "province"),
    # Sơn La
    "sl-2024": DemoDecision("2672/QĐ-UBND", D(2024, 11, 12), "UBND tỉnh Sơn La", "province"),
}

PRODUCERS: dict[str, DemoProducer] = {p.key: p for p in [
    # ---------------------------------------------------------------- Huế
    DemoProducer(
        "bao-la", "HTX Mây tre đan Bao La", "cooperative", "3301543213",
        "Thừa Thiên Huế", "Xã Quảng Phú", "0234 3551 286", "Nguyễn Văn Hòa",
        "Hợp tác xã của làng nghề mây tre đan Bao La (Quảng Điền), nơi các hộ thợ chẻ, vót và đan mây tre "
        "thành rổ, rá và đèn trang trí. Hợp tác xã giữ chung một tiêu chuẩn và một thương hiệu cho cả làng.",
        "The cooperative of the Bao La rattan and bamboo weaving village (Quảng Điền), where households split, "
        "shave and weave rattan into baskets and decorative lamps under one standard and one brand.",
    ),
    DemoProducer(
        "quang-tho", "HTX NN Quảng Thọ II", "cooperative", "3301287658",
        "Thừa Thiên Huế", "Xã Quảng Thọ", "0234 3552 117", "Lê Thị Hạnh",
        "Hợp tác xã nông nghiệp ở Quảng Thọ, Quảng Điền, trồng rau má trên đồng bằng ven phá Tam Giang và chế "
        "biến thành trà rau má sấy khô.",
        "An agricultural cooperative in Quảng Thọ, Quảng Điền, growing pennywort on the plain by the Tam Giang "
        "lagoon and processing it into dried pennywort tea.",
        women_led=True,
    ),
    DemoProducer(
        "zeng-nham", "HTX Thổ cẩm xã Nhâm", "cooperative", "3301658408",
        "Thừa Thiên Huế", "Xã Quảng Nhâm", "0914 228 361", "Hồ Thị Xuân",
        "Hợp tác xã của những người phụ nữ Tà Ôi và Pa Kô ở xã Nhâm, A Lưới, dệt zèng trên khung dệt đeo lưng "
        "truyền thống, luồn hạt cườm vào từng sợi để tạo hoa văn.",
        "A cooperative of Tà Ôi and Pa Kô women in Nhâm, A Lưới, weaving zèng brocade on traditional "
        "back-strap looms with beads threaded into the weft to form the patterns.",
        women_led=True, ethnic_minority=True,
    ),
    DemoProducer(
        "an-lo", "HTX SX-KD-DV nông nghiệp An Lỗ", "cooperative", "3301376587",
        "Thừa Thiên Huế", "Xã Phong Hiền", "0234 3751 042", "Trần Văn Lực",
        "Hợp tác xã nông nghiệp ở làng An Lỗ, Phong Điền, canh tác lúa theo quy trình hữu cơ, bao tiêu lúa cho "
        "xã viên và đóng gói gạo mang thương hiệu chung.",
        "An agricultural cooperative in An Lỗ village, Phong Điền, growing rice organically, buying its "
        "members' harvest and packing it under one brand.",
    ),
    DemoProducer(
        "chuoi-a-luoi", "HTX SX và KD nông sản an toàn A Lưới", "cooperative", "3301702216",
        "Thừa Thiên Huế", "Thị trấn A Lưới", "0234 3878 450", "Kăn Văn Hường",
        "Hợp tác xã liên kết các hộ đồng bào vùng cao A Lưới trồng chuối già lùn theo quy trình an toàn, thu "
        "hoạch đúng độ chín và đóng gói để đi xa.",
        "A cooperative linking highland households of A Lưới that grow dwarf bananas by a safe-farming "
        "process, harvest at the right ripeness and pack the fruit to travel.",
        ethnic_minority=True,
    ),
    DemoProducer(
        "tan-nguyen", "Cơ sở sản xuất hương Tân Nguyên", "household", "3300984511",
        "Thừa Thiên Huế", "Hương Thủy", "0935 412 078", "Nguyễn Thị Nguyên",
        "Hộ sản xuất hương trầm ở Hương Thủy, làm hương sạch từ bột tre, bột quế và trầm, không dùng hóa chất "
        "tạo màu hay tạo mùi.",
        "A household business in Hương Thủy making clean incense from bamboo, cinnamon and agarwood powder, "
        "with no chemical dyes or fragrances.",
        women_led=True,
    ),
    DemoProducer(
        "thuan-an", "Hộ kinh doanh nước mắm Thuận An", "household", "3301127742",
        "Thừa Thiên Huế", "Thị trấn Thuận An", "0905 318 642", "Phan Văn Bé",
        "Hộ làm nước mắm truyền thống ở cửa biển Thuận An, ủ cá cơm với muối biển trong chum gỗ từ 12 tháng.",
        "A household at the Thuận An river mouth making traditional fish sauce, fermenting anchovies with sea "
        "salt in wooden vats for at least 12 months.",
    ),
    DemoProducer(
        "me-xung", "Hộ kinh doanh mè xửng Phú Hậu", "household", "3301890376",
        "Huế", "Phường Phú Xuân", "0234 3526 914", "Tôn Nữ Thu Hà",
        "Hộ làm mè xửng thủ công ở khu phố cổ Phú Xuân, nấu mạch nha, đường và đậu phộng theo công thức gia "
        "truyền.",
        "A household in Huế's old Phú Xuân quarter making sesame brittle by hand from malt, sugar and peanuts "
        "to a family recipe.",
        women_led=True,
    ),
    # ---------------------------------------------------------------- Quảng Ninh
    DemoProducer(
        "cha-muc", "Công ty TNHH Chả mực Hạ Long", "enterprise", "5701876549",
        "Quảng Ninh", "Phường Hồng Gai", "0203 3825 668", "Đỗ Văn Hải",
        "Doanh nghiệp nhỏ bên chợ Hòn Gai, làm chả mực giã tay từ mực tươi đánh bắt trong vịnh Hạ Long.",
        "A small company beside Hòn Gai market making hand-pounded squid cake from squid caught in Hạ Long bay.",
    ),
    DemoProducer(
        "tan-an", "HTX Chăn nuôi gà Tân An", "cooperative", "5701523494",
        "Quảng Ninh", "Phường Tân An", "0203 3686 125", "Vũ Văn Thịnh",
        "Hợp tác xã chăn nuôi gà thả vườn ở Tân An, Quảng Yên, cho gà ăn ngô và thóc, thu trứng hằng ngày.",
        "A free-range poultry cooperative in Tân An, Quảng Yên, feeding its hens maize and paddy and "
        "collecting eggs every day.",
    ),
    DemoProducer(
        "na-dong-trieu", "HTX Na Đông Triều", "cooperative", "5701634821",
        "Quảng Ninh", "Đông Triều", "0203 3870 233", "Nguyễn Văn Tuấn",
        "Hợp tác xã trồng na dưới chân núi Yên Tử, Đông Triều, xử lý cắt cành để cây cho trái mùa đông.",
        "A custard-apple cooperative at the foot of Yên Tử mountain, Đông Triều, pruning its trees so they "
        "fruit in winter.",
    ),
    DemoProducer(
        "ruou-mo", "Công ty CP Rượu mơ Uông Bí", "enterprise", "5700987214",
        "Quảng Ninh", "Uông Bí", "0203 3854 390", "Phạm Thị Lan",
        "Doanh nghiệp ngâm rượu mơ từ mơ chín vùng Yên Tử, ủ trong chum sành nhiều tháng.",
        "A company steeping apricot wine from ripe apricots of the Yên Tử area, aged in earthenware jars for "
        "months.",
        women_led=True,
    ),
    DemoProducer(
        "ba-che", "HTX Trà hoa vàng Ba Chẽ", "cooperative", "5701412762",
        "Quảng Ninh", "Ba Chẽ", "0203 3888 519", "Bàn Văn Thắng",
        "Hợp tác xã của đồng bào Dao Thanh Y ở Ba Chẽ, trồng và chế biến trà hoa vàng và ba kích tím dưới tán "
        "rừng.",
        "A cooperative of Dao Thanh Y people in Ba Chẽ growing and processing golden camellia tea and purple "
        "morinda under the forest canopy.",
        ethnic_minority=True,
    ),
    DemoProducer(
        "sa-sung", "Hộ kinh doanh sá sùng Quan Lạn", "household", "5701298464",
        "Quảng Ninh", "Xã Quan Lạn", "0983 627 115", "Lê Văn Khang",
        "Hộ đào sá sùng trên bãi cát đảo Quan Lạn, phơi và sấy than theo cách làm của người đảo.",
        "A household on Quan Lạn island digging peanut worms from the sand flats, sun-dried and charcoal-"
        "roasted the islanders' way.",
    ),
    DemoProducer(
        "mien-binh-lieu", "HTX Miến dong Bình Liêu", "cooperative", "5701106684",
        "Quảng Ninh", "Bình Liêu", "0203 3878 204", "Vy Thị Mai",
        "Hợp tác xã làm miến từ củ dong riềng trồng trên nương của đồng bào Tày, Sán Chỉ ở Bình Liêu.",
        "A cooperative making glass noodles from canna tubers grown on the hill fields of Tày and Sán Chỉ "
        "farmers in Bình Liêu.",
        women_led=True, ethnic_minority=True,
    ),
    # ---------------------------------------------------------------- Hà Tĩnh
    DemoProducer(
        "cam-vu-quang", "HTX Cam Vũ Quang", "cooperative", "3001453209",
        "Hà Tĩnh", "Huyện Vũ Quang", "0239 3879 142", "Nguyễn Đình Lâm",
        "Hợp tác xã trồng cam bù và cam chanh ở vùng đồi Vũ Quang, sát vườn quốc gia Vũ Quang.",
        "A cooperative growing bù and chanh oranges on the hills of Vũ Quang, next to the national park.",
    ),
    DemoProducer(
        "phuc-trach", "Tổ hợp tác bưởi Phúc Trạch", "cooperative_group", "3001587604",
        "Hà Tĩnh", "Xã Phúc Trạch", "0239 3872 318", "Võ Văn Sơn",
        "Tổ hợp tác của các hộ trồng bưởi Phúc Trạch ở Hương Khê, cùng chăm sóc, thu hái và đóng hộp quà.",
        "A cooperative group of Phúc Trạch pomelo growers in Hương Khê who tend, pick and box their fruit "
        "together.",
    ),
    DemoProducer(
        "cu-do", "Hộ kinh doanh kẹo cu đơ Thành Sen", "household", "3001236980",
        "Hà Tĩnh", "Phường Thành Sen", "0239 3855 720", "Trần Thị Hương",
        "Hộ làm kẹo cu đơ thủ công: mật mía, đậu phộng rang và gừng kẹp giữa hai lớp bánh tráng.",
        "A household making cu đơ candy by hand: cane molasses, roasted peanuts and ginger between two rice "
        "crackers.",
        women_led=True,
    ),
    DemoProducer(
        "cua-sot", "Hộ kinh doanh nước mắm Thạch Kim", "household", "3001674215",
        "Hà Tĩnh", "Xã Thạch Kim", "0912 845 306", "Nguyễn Văn Thắng",
        "Hộ làm nước mắm ở cửa biển Cửa Sót, ủ cá cơm và cá nục với muối hạt.",
        "A household at the Cửa Sót river mouth fermenting anchovies and scad with coarse sea salt.",
    ),
    DemoProducer(
        "tinh-dau", "Công ty TNHH Tinh dầu Hương Khê", "enterprise", "3001798531",
        "Hà Tĩnh", "Xã Hương Khê", "0239 3871 566", "Phan Thị Nga",
        "Doanh nghiệp chưng cất tinh dầu từ vỏ bưởi Phúc Trạch và lá tràm, tận dụng phần vỏ bỏ đi của mùa "
        "bưởi.",
        "A company distilling essential oils from Phúc Trạch pomelo peel and cajeput leaves, using the peel the "
        "pomelo season throws away.",
        women_led=True,
    ),
    # ---------------------------------------------------------------- Hòa Bình (now Phú Thọ), Phú Thọ
    DemoProducer(
        "cao-phong", "HTX Cam Cao Phong", "cooperative", "5400425870",
        "Hòa Bình", "Huyện Cao Phong", "0218 3846 211", "Bùi Văn Thanh",
        "Hợp tác xã của các nhà vườn cam Cao Phong, trồng cam canh và cam lòng vàng trên đồi đất đỏ.",
        "A cooperative of Cao Phong orange growers, with canh and yellow-flesh oranges on red-soil hills.",
        ethnic_minority=True,
    ),
    DemoProducer(
        "ban-lac-det", "Tổ hợp tác dệt thổ cẩm bản Lác", "cooperative_group", "5400613296",
        "Hòa Bình", "Mai Châu", "0218 3867 425", "Hà Thị Mai",
        "Tổ hợp tác của những người phụ nữ Thái ở bản Lác, Mai Châu, dệt thổ cẩm trên khung dệt gỗ dưới "
        "chân nhà sàn.",
        "A cooperative group of Thái women in Lác village, Mai Châu, weaving brocade on wooden looms beneath "
        "their stilt houses.",
        women_led=True, ethnic_minority=True,
    ),
    DemoProducer(
        "ban-lac-homestay", "Hộ kinh doanh homestay Hà Văn Nhân", "household", "5400728145",
        "Hòa Bình", "Mai Châu", "0982 164 573", "Hà Văn Nhân",
        "Gia đình người Thái ở bản Lác đón khách lưu trú trong nhà sàn truyền thống, nấu cơm lam, gà đồi và "
        "đưa khách đạp xe qua cánh đồng.",
        "A Thái family in Lác village hosting guests in its traditional stilt house, cooking bamboo-tube rice "
        "and hill chicken and taking guests cycling through the rice fields.",
        ethnic_minority=True,
    ),
    DemoProducer(
        "long-coc", "HTX Chè Long Cốc", "cooperative", "2600874518",
        "Phú Thọ", "Xã Long Cốc", "0210 3878 036", "Đinh Văn Quý",
        "Hợp tác xã chè trên đồi chè Long Cốc, Tân Sơn, nơi sương sớm phủ những quả đồi chè tròn như bát úp.",
        "A tea cooperative on the Long Cốc hills in Tân Sơn, where morning mist covers tea hills round as "
        "upturned bowls.",
        ethnic_minority=True,
    ),
    DemoProducer(
        "doan-hung", "HTX Bưởi Đoan Hùng", "cooperative", "2600519369",
        "Phú Thọ", "Huyện Đoan Hùng", "0210 3880 471", "Nguyễn Văn Bình",
        "Hợp tác xã trồng bưởi Sửu và bưởi Bằng Luân bên bờ sông Lô và sông Chảy.",
        "A cooperative growing Sửu and Bằng Luân pomelos along the Lô and Chảy rivers.",
    ),
    DemoProducer(
        "thit-chua", "Tổ hợp tác thịt chua Thanh Sơn", "cooperative_group", "2600937285",
        "Phú Thọ", "Xã Thanh Sơn", "0210 3873 652", "Hà Thị Thu",
        "Tổ hợp tác của đồng bào Mường ở Thanh Sơn làm thịt chua ống nứa từ thịt lợn đen, thính gạo và lá ổi.",
        "A cooperative group of Mường households in Thanh Sơn making sour pork in bamboo tubes from black pig, "
        "roasted rice powder and guava leaves.",
        women_led=True, ethnic_minority=True,
    ),
    # ---------------------------------------------------------------- Lâm Đồng
    DemoProducer(
        "cau-dat", "Công ty TNHH Trà Cầu Đất", "enterprise", "5801462936",
        "Lâm Đồng", "Xã Xuân Trường", "0263 3581 229", "Lê Minh Tâm",
        "Doanh nghiệp trồng và chế biến trà ô long và cà phê Arabica trên cao nguyên Cầu Đất, độ cao khoảng "
        "1.500 m.",
        "A company growing and processing oolong tea and Arabica coffee on the Cầu Đất plateau at about "
        "1,500 m.",
    ),
    DemoProducer(
        "atiso", "Công ty TNHH Atiso Lang Biang", "enterprise", "5801395140",
        "Lâm Đồng", "Phường Lang Biang - Đà Lạt", "0263 3839 556", "Nguyễn Thị Phương",
        "Doanh nghiệp chế biến atiso Đà Lạt thành trà túi lọc và cao atiso, từ vùng nguyên liệu dưới chân "
        "núi Lang Biang.",
        "A company processing Đà Lạt artichoke into tea bags and artichoke extract, sourced from farms at the "
        "foot of Lang Biang mountain.",
        women_led=True,
    ),
    DemoProducer(
        "lan-da-lat", "Tổ hợp tác hoa lan Xuân Hương", "cooperative_group", "5801527301",
        "Lâm Đồng", "Phường Xuân Hương - Đà Lạt", "0263 3822 718", "Trần Quốc Việt",
        "Tổ hợp tác của các nhà vườn lan ở Đà Lạt, nhân giống và trồng lan hồ điệp trong nhà kính.",
        "A cooperative group of Đà Lạt orchid growers propagating and raising moth orchids in greenhouses.",
    ),
    # ---------------------------------------------------------------- Đắk Lắk
    DemoProducer(
        "bmt-coffee", "Công ty CP Cà phê Buôn Ma Thuột", "enterprise", "6001248734",
        "Đắk Lắk", "Phường Tân Lợi", "0262 3852 904", "Y Kông Niê",
        "Doanh nghiệp rang xay cà phê Robusta và Arabica từ các vườn cà phê của Buôn Ma Thuột, thủ phủ cà phê "
        "Việt Nam.",
        "A company roasting Robusta and Arabica from the farms around Buôn Ma Thuột, Vietnam's coffee capital.",
        ethnic_minority=True,
    ),
    DemoProducer(
        "tieu-cu-mgar", "HTX Hồ tiêu Cư M'gar", "cooperative", "6001576421",
        "Đắk Lắk", "Xã Cư M'gar", "0262 3834 617", "Nguyễn Văn Tài",
        "Hợp tác xã hồ tiêu trồng tiêu xen cà phê theo hướng hữu cơ ở Cư M'gar.",
        "A pepper cooperative in Cư M'gar growing pepper among coffee on organic lines.",
    ),
    DemoProducer(
        "ako-dhong", "Tổ hợp tác du lịch cộng đồng buôn Akô Dhông", "cooperative_group", "6001683159",
        "Đắk Lắk", "Phường Tân Lợi", "0905 736 214", "H'Loan Niê",
        "Tổ hợp tác của các gia đình Ê Đê ở buôn Akô Dhông, giữ nhà dài, dệt thổ cẩm và đón khách tìm hiểu "
        "văn hóa cồng chiêng.",
        "A cooperative group of Ê Đê families in Akô Dhông village who keep their longhouses, weave brocade and "
        "welcome visitors to their gong culture.",
        women_led=True, ethnic_minority=True,
    ),
    # ---------------------------------------------------------------- Bến Tre (now Vĩnh Long), Vĩnh Long
    DemoProducer(
        "keo-dua", "Công ty TNHH Kẹo dừa Mỏ Cày", "enterprise", "1300948125",
        "Bến Tre", "Mỏ Cày Nam", "0275 3843 582", "Lê Thị Thu",
        "Doanh nghiệp làm kẹo dừa từ nước cốt dừa tươi và mạch nha ở Mỏ Cày, xứ dừa Bến Tre.",
        "A company making coconut candy from fresh coconut cream and malt in Mỏ Cày, Bến Tre's coconut country.",
        women_led=True,
    ),
    DemoProducer(
        "son-doc", "Hộ kinh doanh bánh phồng Sơn Đốc", "household", "1301267834",
        "Bến Tre", "Xã Giồng Trôm", "0918 542 367", "Nguyễn Văn Út",
        "Hộ làm bánh phồng sữa ở làng nghề Sơn Đốc, giã nếp bằng chày và phơi bánh trên vỉ tre.",
        "A household in the Sơn Đốc craft village making milk rice crackers, pounding sticky rice with a pestle "
        "and drying the crackers on bamboo racks.",
    ),
    DemoProducer(
        "cho-lach", "HTX Hoa kiểng Chợ Lách", "cooperative", "1301389543",
        "Bến Tre", "Huyện Chợ Lách", "0275 3871 145", "Trương Văn Hiếu",
        "Hợp tác xã của các nhà vườn hoa kiểng Chợ Lách, làng cây giống và mai vàng lớn nhất miền Tây.",
        "A cooperative of ornamental-plant growers in Chợ Lách, the Mekong Delta's largest nursery and yellow "
        "apricot-blossom village.",
    ),
    DemoProducer(
        "gom-do", "Công ty TNHH Gốm đỏ Mang Thít", "enterprise", "1500826477",
        "Vĩnh Long", "Xã An Bình", "0270 3845 930", "Phạm Văn Lộc",
        "Doanh nghiệp gốm đỏ bên sông Cổ Chiên, nung gốm bằng lò bao truyền thống từ đất sét phù sa.",
        "A red-pottery workshop on the Cổ Chiên river firing alluvial clay in traditional beehive kilns.",
    ),
    # ---------------------------------------------------------------- Sơn La
    DemoProducer(
        "moc-chau-tea", "HTX Chè Shan tuyết Mộc Châu", "cooperative", "5500618298",
        "Sơn La", "Mộc Châu", "0212 3866 185", "Sồng A Lử",
        "Hợp tác xã của đồng bào Mông thu hái chè shan tuyết cổ thụ trên núi cao Mộc Châu.",
        "A cooperative of Hmong families picking leaves from ancient snow shan tea trees in the Mộc Châu "
        "mountains.",
        ethnic_minority=True,
    ),
    DemoProducer(
        "man-moc-chau", "Tổ hợp tác mận hậu Nà Ka", "cooperative_group", "5500734512",
        "Sơn La", "Phường Mộc Sơn", "0212 3867 402", "Lường Thị Hoa",
        "Tổ hợp tác của các hộ trồng mận hậu ở Mộc Châu, sấy dẻo mận để bán quanh năm.",
        "A cooperative group of plum growers in Mộc Châu who dry their plums soft to sell all year.",
        women_led=True, ethnic_minority=True,
    ),
    DemoProducer(
        "ban-ang", "HTX Du lịch cộng đồng bản Áng", "cooperative", "5500852675",
        "Sơn La", "Xã Đông Sang", "0212 3868 733", "Lò Văn Pản",
        "Hợp tác xã của người Thái bản Áng giữ rừng thông và hồ nước, đón khách ở nhà sàn và làm dịch vụ "
        "trải nghiệm.",
        "A cooperative of Thái families in Áng village who look after the pine forest and lake, host guests in "
        "stilt houses and run village experiences.",
        ethnic_minority=True,
    ),
]}


def _p(*args) -> DemoProduct:
    return DemoProduct(*args)


PRODUCTS: list[DemoProduct] = [
    # ---------------------------------------------------------------- Huế
    _p(ean13("893603510001"), "Đèn trang trí mây tre Bao La", "Bao La rattan and bamboo lamp",
       "Đèn trang trí đan tay từ mây và tre của làng nghề Bao La, dáng bầu tròn, cao 35 cm. Nan mây được chẻ "
       "mỏng, phơi khô và đan dày để ánh đèn tỏa ấm mà không chói. Phù hợp treo phòng khách, quán cà phê, "
       "homestay. Kèm đui đèn E27 và dây 1,5 m.",
       "A hand-woven lamp of rattan and bamboo from the Bao La craft village, round-bellied and 35 cm tall. "
       "The rattan is split thin, sun-dried and woven densely so the light glows warm without glare. Made for "
       "living rooms, cafés and homestays; comes with an E27 holder and a 1.5 m cord.",
       "handicraft", "bao-la", "4", "hue-2024", 420000, 25, "Đèn mây tre Bao La", "weave"),
    _p(ean13("893603510002"), "Rổ, rá mây tre Bao La (bộ 3 chiếc)", "Bao La rattan and bamboo baskets (set of 3)",
       "Bộ ba rổ, rá đan tay từ mây tre Bao La, đường kính 22, 28 và 34 cm. Dùng để vo gạo, rửa rau, đựng "
       "trái cây hay bày bánh. Mây được xử lý chống mốc theo cách làm truyền thống, không dùng hóa chất.",
       "A set of three hand-woven Bao La rattan and bamboo baskets, 22, 28 and 34 cm across. Use them to rinse "
       "rice, drain vegetables, hold fruit or serve cakes. The rattan is treated against mould the traditional "
       "way, without chemicals.",
       "handicraft", "bao-la", "4", "hue-2024", 180000, 40, "Rổ rá Bao La", "weave"),
    _p(ean13("893603520001"), "Trà rau má Quảng Thọ (hộp 25 túi lọc)", "Quảng Thọ pennywort tea (25 tea bags)",
       "Trà rau má túi lọc của HTX NN Quảng Thọ II, làm từ rau má trồng trên đồng Quảng Điền, sấy lạnh để "
       "giữ màu xanh và vị mát. Pha với nước sôi 3–5 phút, uống nóng hoặc thêm đá. Hộp 25 túi x 2 g.",
       "Pennywort tea bags from the Quảng Thọ II agricultural cooperative, made from pennywort grown on the "
       "Quảng Điền plain and cold-dried to keep its green colour and cooling taste. Steep in boiling water for "
       "3–5 minutes and drink hot or iced. Box of 25 bags x 2 g.",
       "beverage", "quang-tho", "4", "hue-2024", 85000, 120, "Trà rau má Quảng Thọ", "leaves"),
    _p(ean13("893603530001"), "Khăn choàng zèng Nhâm", "Nhâm zèng brocade shawl",
       "Khăn choàng dệt zèng của phụ nữ Tà Ôi, Pa Kô ở xã Nhâm, A Lưới, dệt trên khung dệt đeo lưng với hạt "
       "cườm luồn vào từng sợi. Kích thước 180 x 45 cm, sợi cotton nhuộm màu bền. Mỗi chiếc khăn mất khoảng "
       "một tuần dệt và mang một bản hoa văn riêng.",
       "A zèng brocade shawl woven by Tà Ôi and Pa Kô women of Nhâm, A Lưới, on back-strap looms with beads "
       "threaded into the weft. 180 x 45 cm, colour-fast cotton. Each shawl takes about a week to weave and "
       "carries its own pattern.",
       "handicraft", "zeng-nham", "4", "hue-2024", 650000, 15, "Khăn zèng Nhâm", "brocade"),
    _p(ean13("893603540001"), "Gạo hữu cơ An Lỗ (túi 5 kg)", "An Lỗ organic rice (5 kg bag)",
       "Gạo hữu cơ của HTX An Lỗ, Phong Điền, trồng bằng phân hữu cơ và không dùng thuốc bảo vệ thực vật hóa "
       "học. Hạt gạo trắng trong, cơm mềm, thơm nhẹ. Túi hút chân không 5 kg; nấu với ít nước hơn gạo thường "
       "một chút.",
       "Organic rice from the An Lỗ cooperative in Phong Điền, grown with organic fertiliser and no chemical "
       "pesticides. Clear white grains that cook soft and lightly fragrant. Vacuum-packed 5 kg bag; use a "
       "little less water than for ordinary rice.",
       "food", "an-lo", "4", "hue-2024", 150000, 200, "Gạo hữu cơ An Lỗ", "grains"),
    _p(ean13("893603550001"), "Chuối già lùn A Lưới (nải 2 kg)", "A Lưới dwarf bananas (2 kg hand)",
       "Chuối già lùn trồng trên đất đồi A Lưới theo quy trình an toàn, vỏ mỏng, thịt dẻo và ngọt đậm nhờ "
       "khí hậu mát vùng cao. Thu hoạch khi già, giao còn xanh để chín tự nhiên trong 2–3 ngày.",
       "Dwarf bananas grown on the A Lưới hills by a safe-farming process, thin-skinned with a firm, deeply "
       "sweet flesh from the cool highland climate. Picked mature and shipped green to ripen naturally in "
       "2–3 days.",
       "food", "chuoi-a-luoi", "4", "hue-2024", 60000, 80, "Chuối già lùn A Lưới", "bananas"),
    _p(ean13("893603560001"), "Hương sạch Tân Nguyên (bó 500 g)", "Tân Nguyên clean incense (500 g bundle)",
       "Hương nhang làm thủ công từ bột tre, bột quế và trầm ở Hương Thủy, không hóa chất tạo màu, tạo mùi. "
       "Khói nhẹ, thơm dịu, cháy đều khoảng 45 phút mỗi nén. Bó 500 g, chân hương dài 40 cm.",
       "Hand-made incense from bamboo, cinnamon and agarwood powder in Hương Thủy, with no chemical dyes or "
       "fragrances. Light smoke, a gentle scent, and each stick burns evenly for about 45 minutes. 500 g "
       "bundle, 40 cm sticks.",
       "herbal", "tan-nguyen", "3", "hue-2021", 95000, 60, "Hương sạch Tân Nguyên", "incense"),
    _p(ean13("893603570001"), "Nước mắm cá cơm Thuận An (chai 500 ml)", "Thuận An anchovy fish sauce (500 ml)",
       "Nước mắm nhĩ ủ chum gỗ từ cá cơm và muối biển Thuận An, độ đạm 35°N, không chất bảo quản. Màu cánh "
       "gián, vị mặn đằm, hậu ngọt. Chai thủy tinh 500 ml.",
       "First-press fish sauce fermented in wooden vats from anchovies and Thuận An sea salt, 35°N protein, "
       "no preservatives. Amber-brown, round-salty with a sweet finish. 500 ml glass bottle.",
       "food", "thuan-an", "3", "phu-vang-2024", 120000, 90, "Nước mắm Thuận An", "waves"),
    _p(ean13("893603580001"), "Mè xửng gừng Huế (hộp 250 g)", "Huế ginger sesame brittle (250 g box)",
       "Mè xửng nấu từ mạch nha, đường, đậu phộng và gừng, phủ mè rang, dẻo mà không dính răng. Món quà quen "
       "thuộc của Huế, đóng hộp giấy 250 g với từng miếng gói riêng.",
       "Sesame brittle cooked from malt, sugar, peanuts and ginger and coated with roasted sesame, chewy "
       "without sticking to the teeth. A classic Huế gift, in a 250 g paper box with each piece wrapped.",
       "food", "me-xung", "3", "hue-2025", 55000, 150, "Mè xửng Huế", "fruit"),
    # ---------------------------------------------------------------- Quảng Ninh
    _p(ean13("893570110001"), "Chả mực Hạ Long (500 g)", "Hạ Long squid cake (500 g)",
       "Chả mực giã tay bằng cối đá từ mực tươi vịnh Hạ Long, giữ được độ giòn sần sật đặc trưng. Rán sẵn "
       "vàng, đóng khay hút chân không 500 g, bảo quản đông lạnh; rán lại trên lửa nhỏ trước khi ăn.",
       "Squid cake pounded by hand in a stone mortar from fresh Hạ Long bay squid, keeping its famous springy "
       "bite. Fried golden, vacuum-packed in a 500 g tray and sold frozen; re-fry over a low flame before "
       "serving.",
       "food", "cha-muc", "4", "qn-2024", 240000, 70, "Chả mực Hạ Long", "waves"),
    _p(ean13("893570120001"), "Trứng gà Tân An (hộp 10 quả)", "Tân An free-range eggs (box of 10)",
       "Trứng gà ri thả vườn ở Tân An, Quảng Yên, gà ăn ngô và thóc nên lòng đỏ màu cam đậm. Thu trong ngày, "
       "đóng hộp giấy 10 quả, bảo quản nơi thoáng mát.",
       "Eggs from free-range ri hens in Tân An, Quảng Yên, fed on maize and paddy for deep orange yolks. "
       "Collected the same day and packed in paper boxes of ten; keep cool.",
       "food", "tan-an", "4", "qn-2024", 45000, 300, "Trứng gà Tân An", "fruit"),
    _p(ean13("893570130001"), "Na trái mùa Đông Triều (hộp 2 kg)", "Đông Triều off-season custard apples (2 kg)",
       "Na dai trồng dưới chân núi Yên Tử, được cắt cành để cho trái vào mùa đông khi thị trường khan hiếm. "
       "Quả to, múi dày, ít hạt, ngọt thanh. Hộp 2 kg (5–7 quả), giao khi na vừa mở mắt.",
       "Custard apples grown at the foot of Yên Tử and pruned to fruit in winter, when little else is on the "
       "market. Large fruit with thick, sweet segments and few seeds. 2 kg box (5–7 fruit), shipped just as "
       "they start to open.",
       "food", "na-dong-trieu", "4", "qn-2024", 160000, 45, "Na trái mùa", "fruit"),
    _p(ean13("893570140001"), "Rượu mơ Uông Bí (chai 500 ml)", "Uông Bí apricot wine (500 ml)",
       "Rượu ngâm từ mơ chín vùng Yên Tử với rượu gạo và đường phèn, ủ trong chum sành ít nhất sáu tháng. "
       "Màu hổ phách, vị chua ngọt, thơm mùi mơ, 25% vol. Chỉ bán cho người từ 18 tuổi.",
       "Wine steeped from ripe Yên Tử apricots with rice spirit and rock sugar, aged in earthenware jars for at "
       "least six months. Amber, sweet and sour, scented with apricot; 25% vol. Sold only to adults 18 and "
       "over.",
       "beverage", "ruou-mo", "4", "qn-2024", 180000, 60, "Rượu mơ Uông Bí", "bottle"),
    _p(ean13("893570150001"), "Trà hoa vàng Ba Chẽ (hộp 50 g)", "Ba Chẽ golden camellia tea (50 g)",
       "Hoa trà vàng hái dưới tán rừng Ba Chẽ, sấy lạnh nguyên bông. Nước trà vàng sánh, vị ngọt hậu. "
       "Hộp 50 g (khoảng 40 bông); mỗi ấm pha 3–4 bông với nước 90 °C.",
       "Golden camellia flowers picked under the forest canopy of Ba Chẽ and cold-dried whole. The tea pours "
       "a clear gold with a sweet aftertaste. 50 g box (about 40 flowers); brew 3–4 flowers per pot at 90 °C.",
       "herbal", "ba-che", "5", "bnn-2024", 550000, 30, "Trà hoa vàng Ba Chẽ", "leaves"),
    _p(ean13("893570150002"), "Ba kích tím Ba Chẽ (khô, 500 g)", "Ba Chẽ purple morinda root (dried, 500 g)",
       "Rễ ba kích tím trồng dưới tán rừng Ba Chẽ từ ba năm tuổi trở lên, rút lõi và phơi khô. Dùng ngâm rượu "
       "hoặc hãm trà theo kinh nghiệm dân gian. Túi 500 g.",
       "Purple morinda roots grown under the Ba Chẽ forest for at least three years, cored and sun-dried. "
       "Traditionally steeped in spirit or brewed as tea. 500 g bag.",
       "herbal", "ba-che", "4", "qn-2024", 450000, 35, "Ba kích tím", "hills"),
    _p(ean13("893570160001"), "Sá sùng khô Quan Lạn (hộp 100 g)", "Quan Lạn dried peanut worms (100 g)",
       "Sá sùng đào trên bãi cát đảo Quan Lạn, làm sạch, phơi nắng và sấy than hoa. Dùng nấu nước dùng phở, "
       "xào hoặc nướng giòn. Hộp 100 g.",
       "Peanut worms dug from the sand flats of Quan Lạn island, cleaned, sun-dried and charcoal-roasted. Used "
       "for phở broth, stir-fries or grilled crisp. 100 g box.",
       "food", "sa-sung", "3", "van-don-2024", 650000, 20, "Sá sùng Quan Lạn", "waves"),
    _p(ean13("893570170001"), "Miến dong Bình Liêu (gói 500 g)", "Bình Liêu canna glass noodles (500 g)",
       "Miến làm từ tinh bột củ dong riềng trồng trên nương Bình Liêu, phơi nắng tự nhiên. Sợi dai, trong, "
       "không bở khi nấu. Gói 500 g.",
       "Glass noodles made from the starch of canna tubers grown on the hill fields of Bình Liêu and dried in "
       "the sun. Springy, clear strands that hold together in the pot. 500 g pack.",
       "food", "mien-binh-lieu", "3", "qn-2021", 70000, 100, "Miến dong Bình Liêu", "grains"),
    # ---------------------------------------------------------------- Hà Tĩnh
    _p(ean13("893300110001"), "Cam Vũ Quang (thùng 5 kg)", "Vũ Quang oranges (5 kg box)",
       "Cam bù và cam chanh trồng trên đồi Vũ Quang, vỏ mỏng, mọng nước, vị ngọt đậm. Thu hoạch từ tháng 10 "
       "đến Tết. Thùng 5 kg.",
       "Bù and chanh oranges grown on the Vũ Quang hills: thin-skinned, juicy and richly sweet. Harvested from "
       "October to Tết. 5 kg box.",
       "food", "cam-vu-quang", "4", "ht-2024", 200000, 80, "Cam Vũ Quang", "fruit"),
    _p(ean13("893300120001"), "Bưởi Phúc Trạch (hộp quà 2 quả)", "Phúc Trạch pomelos (gift box of 2)",
       "Bưởi Phúc Trạch của Hương Khê, múi hồng, tôm bưởi ráo, vị ngọt thanh, để được lâu mà không khô. "
       "Hộp quà 2 quả, mỗi quả 1,2–1,5 kg.",
       "Phúc Trạch pomelos from Hương Khê, pink-fleshed with dry, separate vesicles and a clean sweetness; "
       "they keep well without drying out. Gift box of two, 1.2–1.5 kg each.",
       "food", "phuc-trach", "4", "ht-2024", 130000, 90, "Bưởi Phúc Trạch", "fruit"),
    _p(ean13("893300130001"), "Kẹo cu đơ Hà Tĩnh (hộp 400 g)", "Hà Tĩnh cu đơ peanut candy (400 g)",
       "Kẹo cu đơ nấu từ mật mía, đậu phộng rang và gừng, kẹp giữa hai lớp bánh tráng mè nướng giòn. Ăn kèm "
       "chè xanh nóng là đúng vị Hà Tĩnh. Hộp 400 g.",
       "Cu đơ candy cooked from cane molasses, roasted peanuts and ginger, sandwiched between crisp toasted "
       "sesame rice crackers. Best with hot green tea, the Hà Tĩnh way. 400 g box.",
       "food", "cu-do", "3", "tp-ha-tinh-2024", 65000, 140, "Kẹo cu đơ", "grains"),
    _p(ean13("893300140001"), "Nước mắm Cửa Sót (chai 500 ml)", "Cửa Sót fish sauce (500 ml)",
       "Nước mắm truyền thống ủ từ cá cơm và cá nục với muối hạt ở cửa biển Cửa Sót, độ đạm 30°N. Chai thủy "
       "tinh 500 ml.",
       "Traditional fish sauce fermented from anchovies and scad with coarse salt at the Cửa Sót river mouth, "
       "30°N protein. 500 ml glass bottle.",
       "food", "cua-sot", "3", "loc-ha-2024", 90000, 50, "Nước mắm Cửa Sót", "waves"),
    _p(ean13("893300150001"), "Tinh dầu bưởi Hương Khê (chai 50 ml)", "Hương Khê pomelo peel oil (50 ml)",
       "Tinh dầu chưng cất hơi nước từ vỏ bưởi Phúc Trạch, thơm mát, dùng xông phòng hoặc pha loãng để ủ "
       "tóc. Nguyên chất, không pha hương liệu. Chai thủy tinh 50 ml có ống nhỏ giọt.",
       "Steam-distilled oil from Phúc Trạch pomelo peel, fresh and bright; diffuse it or dilute it as a hair "
       "treatment. Pure, with no added fragrance. 50 ml glass dropper bottle.",
       "herbal", "tinh-dau", "3", "ht-2024", 150000, 75, "Tinh dầu bưởi", "leaves"),
    # ---------------------------------------------------------------- Hòa Bình (now Phú Thọ), Phú Thọ
    _p(ean13("893540110001"), "Cam Cao Phong (thùng 5 kg)", "Cao Phong oranges (5 kg box)",
       "Cam canh và cam lòng vàng trồng trên đồi đất đỏ Cao Phong, vỏ mỏng, múi vàng, nhiều nước, ngọt đậm. "
       "Hái khi chín cây, thùng 5 kg.",
       "Canh and yellow-flesh oranges from the red-soil hills of Cao Phong: thin-skinned, golden and juicy "
       "with a deep sweetness. Tree-ripened; 5 kg box.",
       "food", "cao-phong", "4", "hb-2024", 180000, 100, "Cam Cao Phong", "fruit"),
    _p(ean13("893540120001"), "Khăn thổ cẩm Thái bản Lác", "Thái brocade scarf from Lác village",
       "Khăn dệt tay của phụ nữ Thái bản Lác, Mai Châu, từ sợi bông nhuộm chàm và màu tự nhiên, hoa văn hình "
       "thoi và hoa sen. Kích thước 160 x 40 cm.",
       "A scarf hand-woven by Thái women of Lác village, Mai Châu, in cotton dyed with indigo and natural "
       "colours, with lozenge and lotus patterns. 160 x 40 cm.",
       "handicraft", "ban-lac-det", "4", "hb-2024", 350000, 30, "Thổ cẩm bản Lác", "brocade"),
    _p("DV-HB-BANLAC-01", "Homestay nhà sàn bản Lác, Mai Châu (1 đêm, 2 khách)",
       "Stilt-house homestay in Lác village, Mai Châu (1 night, 2 guests)",
       "Một đêm nghỉ cho hai khách trong nhà sàn Thái truyền thống ở bản Lác, kèm bữa tối cơm lam, gà đồi và "
       "bữa sáng. Chủ nhà đưa khách đạp xe qua cánh đồng và xem dệt thổ cẩm. Đặt trước ít nhất 3 ngày; đây là "
       "phiếu dịch vụ, không giao hàng.",
       "One night for two guests in a traditional Thái stilt house in Lác village, with a dinner of bamboo-tube "
       "rice and hill chicken, and breakfast. Your hosts take you cycling through the fields and to watch "
       "brocade weaving. Book at least 3 days ahead; this is a service voucher, nothing is shipped.",
       "tourism", "ban-lac-homestay", "3", "hb-2024", 450000, 10, "Homestay bản Lác", "hills"),
    _p(ean13("893260110001"), "Chè xanh Long Cốc (túi 200 g)", "Long Cốc green tea (200 g)",
       "Chè xanh hái một tôm hai lá trên đồi chè Long Cốc, sao tay trên chảo gang. Nước xanh vàng, vị chát "
       "dịu, hậu ngọt. Túi 200 g.",
       "Green tea of one bud and two leaves picked on the Long Cốc hills and pan-fired by hand in cast iron. "
       "Yellow-green liquor, gently astringent with a sweet finish. 200 g bag.",
       "beverage", "long-coc", "4", "pt-2024", 120000, 110, "Chè Long Cốc", "leaves"),
    _p(ean13("893260120001"), "Bưởi Đoan Hùng (hộp 2 quả)", "Đoan Hùng pomelos (box of 2)",
       "Bưởi Sửu Đoan Hùng, quả nhỏ vừa tay, vỏ mỏng, múi trắng ngà, vị ngọt mát không the đắng. Hộp 2 quả.",
       "Sửu pomelos from Đoan Hùng: hand-sized, thin-skinned, ivory segments and a cool sweetness with no "
       "bitterness. Box of two.",
       "food", "doan-hung", "4", "pt-2024", 110000, 90, "Bưởi Đoan Hùng", "fruit"),
    _p(ean13("893260130001"), "Thịt chua Thanh Sơn (hộp 500 g)", "Thanh Sơn sour pork (500 g)",
       "Thịt lợn đen ủ chua với thính gạo rang trong ống nứa theo cách của người Mường Thanh Sơn. Ăn kèm lá "
       "sung, lá ổi và tương ớt. Hộp 500 g, bảo quản ngăn mát.",
       "Black-pig pork fermented with roasted rice powder in bamboo tubes, the way the Mường people of Thanh "
       "Sơn make it. Eaten with fig and guava leaves and chilli sauce. 500 g box; keep refrigerated.",
       "food", "thit-chua", "3", "pt-2022", 160000, 40, "Thịt chua Thanh Sơn", "market"),
    # ---------------------------------------------------------------- Lâm Đồng
    _p(ean13("893580110001"), "Trà ô long Cầu Đất (hộp 200 g)", "Cầu Đất oolong tea (200 g)",
       "Trà ô long trồng ở độ cao 1.500 m trên cao nguyên Cầu Đất, lên men nhẹ và vo viên. Nước vàng sáng, "
       "hương hoa, vị ngọt hậu kéo dài. Hộp thiếc 200 g.",
       "Oolong grown at 1,500 m on the Cầu Đất plateau, lightly oxidised and rolled. A bright golden cup with "
       "a floral scent and a long sweet finish. 200 g tin.",
       "beverage", "cau-dat", "4", "ld-2024", 320000, 60, "Ô long Cầu Đất", "leaves"),
    _p(ean13("893580110002"), "Cà phê Arabica Cầu Đất (rang xay, 250 g)", "Cầu Đất Arabica coffee (ground, 250 g)",
       "Cà phê Arabica trồng trên cao nguyên Cầu Đất, hái chín và sơ chế ướt, rang vừa để giữ vị chua thanh "
       "và hương trái cây. Túi van một chiều 250 g.",
       "Arabica grown on the Cầu Đất plateau, picked ripe and wet-processed, medium-roasted to keep its bright "
       "acidity and fruity aroma. 250 g one-way-valve bag.",
       "beverage", "cau-dat", "3", "ld-2025", 140000, 80, "Arabica Cầu Đất", "grains"),
    _p(ean13("893580120001"), "Trà atiso túi lọc Đà Lạt (hộp 20 túi)", "Đà Lạt artichoke tea (20 bags)",
       "Trà túi lọc từ hoa, thân và rễ atiso Đà Lạt, vị ngọt nhẹ, uống mát. Hộp 20 túi x 2 g.",
       "Tea bags of Đà Lạt artichoke flower, stem and root, lightly sweet and cooling. Box of 20 bags x 2 g.",
       "herbal", "atiso", "4", "ld-2024", 75000, 200, "Trà atiso Đà Lạt", "leaves"),
    _p(ean13("893580130001"), "Lan hồ điệp Đà Lạt (chậu 3 cành)", "Đà Lạt moth orchid (pot of 3 stems)",
       "Chậu lan hồ điệp ba cành trồng trong nhà kính ở Đà Lạt, hoa bền 2–3 tháng trong nhà. Giao trong "
       "thùng xốp có giá đỡ; hướng dẫn chăm sóc đi kèm.",
       "A pot of moth orchids with three flowering stems, grown in Đà Lạt greenhouses; the flowers last 2–3 "
       "months indoors. Shipped in a padded crate with supports and care instructions.",
       "ornamental", "lan-da-lat", "3", "ld-2024", 850000, 12, "Lan hồ điệp", "leaves"),
    # ---------------------------------------------------------------- Đắk Lắk
    _p(ean13("893600110001"), "Cà phê bột nguyên chất Buôn Ma Thuột (500 g)", "Buôn Ma Thuột pure ground coffee (500 g)",
       "Cà phê Robusta và Arabica Buôn Ma Thuột rang mộc, không tẩm bơ hay hương liệu, xay vừa cho phin. Vị "
       "đậm, hậu ngọt, hương sô-cô-la. Được tỉnh chấm 5 sao và gửi Trung ương đánh giá.",
       "Buôn Ma Thuột Robusta and Arabica roasted plain, with no butter or flavouring, ground for the phin "
       "filter. Bold with a sweet finish and notes of chocolate. Scored 5 stars by the province and sent for "
       "national review.",
       "beverage", "bmt-coffee", "5p", "dl-2025", 180000, 150, "Cà phê Buôn Ma Thuột", "grains"),
    _p(ean13("893600110002"), "Cà phê hạt rang Buôn Ma Thuột Fine Robusta (1 kg)", "Buôn Ma Thuột Fine Robusta beans (1 kg)",
       "Hạt Robusta tuyển chọn hái chín trên 90%, sơ chế mật ong và rang vừa. Dành cho máy pha espresso và "
       "người thích xay tại nhà. Túi 1 kg.",
       "Select Robusta with over 90% ripe cherries, honey-processed and medium-roasted, for espresso machines "
       "and home grinding. 1 kg bag.",
       "beverage", "bmt-coffee", "5", "bnnmt-2025", 420000, 50, "Fine Robusta BMT", "grains"),
    _p(ean13("893600120001"), "Tiêu đen Cư M'gar (hũ 200 g)", "Cư M'gar black pepper (200 g jar)",
       "Hạt tiêu đen trồng xen cà phê ở Cư M'gar theo hướng hữu cơ, phơi nắng, hạt chắc, cay thơm. Hũ thủy "
       "tinh 200 g.",
       "Black pepper grown among coffee in Cư M'gar on organic lines and sun-dried: dense berries, hot and "
       "aromatic. 200 g glass jar.",
       "food", "tieu-cu-mgar", "3", "cu-mgar-2024", 70000, 130, "Tiêu đen Cư M'gar", "grains"),
    _p(ean13("893600130001"), "Túi thổ cẩm Ê Đê buôn Akô Dhông", "Ê Đê brocade bag from Akô Dhông",
       "Túi đeo vai may từ vải thổ cẩm Ê Đê dệt tay, nền chàm đen với hoa văn đỏ, vàng. Lót vải bố, có khóa "
       "kéo. Kích thước 30 x 25 cm.",
       "A shoulder bag sewn from hand-woven Ê Đê brocade, indigo-black with red and yellow patterns. Canvas "
       "lining and a zip. 30 x 25 cm.",
       "handicraft", "ako-dhong", "3", "dl-2025", 280000, 25, "Thổ cẩm Ê Đê", "brocade"),
    _p("DV-DL-AKODHONG-01", "Trải nghiệm văn hóa buôn Akô Dhông (nửa ngày, 1 khách)",
       "Akô Dhông village culture visit (half day, 1 guest)",
       "Nửa ngày ở buôn Akô Dhông giữa Buôn Ma Thuột: thăm nhà dài Ê Đê, xem dệt thổ cẩm, nghe cồng chiêng và "
       "thưởng thức cà phê buôn. Có hướng dẫn viên người Ê Đê; phiếu dịch vụ, không giao hàng.",
       "Half a day in Akô Dhông village in Buôn Ma Thuột: visit an Ê Đê longhouse, watch brocade weaving, hear "
       "the gongs and taste village coffee, with an Ê Đê guide. A service voucher; nothing is shipped.",
       "tourism", "ako-dhong", "3", "dl-2025", 250000, 20, "Buôn Akô Dhông", "hills"),
    # ---------------------------------------------------------------- Bến Tre (now Vĩnh Long), Vĩnh Long
    _p(ean13("893130110001"), "Kẹo dừa Bến Tre vị lá dứa (hộp 400 g)", "Bến Tre pandan coconut candy (400 g)",
       "Kẹo dừa nấu từ nước cốt dừa tươi, mạch nha và lá dứa ở Mỏ Cày, dẻo thơm, không chất bảo quản. Mỗi "
       "viên gói giấy gạo ăn được. Hộp 400 g.",
       "Coconut candy cooked from fresh coconut cream, malt and pandan in Mỏ Cày: chewy and fragrant, no "
       "preservatives. Each piece is wrapped in edible rice paper. 400 g box.",
       "food", "keo-dua", "4", "bt-2024", 60000, 250, "Kẹo dừa Bến Tre", "fruit"),
    _p(ean13("893130120001"), "Bánh phồng sữa Sơn Đốc (gói 10 bánh)", "Sơn Đốc milk rice crackers (10 pieces)",
       "Bánh phồng làm từ nếp giã chày, sữa và nước cốt dừa, phơi nắng trên vỉ tre. Nướng than hoặc lò vi "
       "sóng 40 giây là phồng giòn. Gói 10 bánh.",
       "Crackers of pestle-pounded sticky rice, milk and coconut cream, sun-dried on bamboo racks. Puff them "
       "crisp over charcoal or in a microwave for 40 seconds. Pack of 10.",
       "food", "son-doc", "3", "giong-trom-2024", 40000, 180, "Bánh phồng Sơn Đốc", "grains"),
    _p(ean13("893130130001"), "Mai vàng bonsai Chợ Lách (chậu cao 60 cm)", "Chợ Lách yellow apricot bonsai (60 cm pot)",
       "Cây mai vàng uốn dáng bonsai của nhà vườn Chợ Lách, cao khoảng 60 cm, được lặt lá đúng lịch để nở dịp "
       "Tết. Trồng chậu sứ men lam; giao kèm hướng dẫn chăm sóc.",
       "A yellow apricot blossom tree trained as bonsai by Chợ Lách growers, about 60 cm tall, leaf-stripped on "
       "schedule to bloom for Tết. Planted in a blue-glazed ceramic pot, with care instructions.",
       "ornamental", "cho-lach", "4", "bt-2024", 1500000, 8, "Mai vàng Chợ Lách", "hills"),
    _p(ean13("893150110001"), "Bình gốm đỏ Mang Thít (cao 30 cm)", "Mang Thít red clay vase (30 cm)",
       "Bình gốm đỏ nặn tay từ đất sét phù sa sông Cổ Chiên, nung trong lò bao truyền thống, mặt gốm mộc màu "
       "đỏ gạch. Cao 30 cm; cắm hoa khô hoặc trang trí.",
       "A hand-thrown vase of alluvial clay from the Cổ Chiên river, fired in a traditional beehive kiln, in "
       "unglazed brick red. 30 cm tall; for dried flowers or display.",
       "handicraft", "gom-do", "3", "vl-2025", 320000, 20, "Gốm đỏ Mang Thít", "weave"),
    # ---------------------------------------------------------------- Sơn La
    _p(ean13("893550110001"), "Chè shan tuyết Mộc Châu (túi 200 g)", "Mộc Châu snow shan tea (200 g)",
       "Chè shan tuyết hái từ cây chè cổ thụ của đồng bào Mông trên núi cao Mộc Châu, búp phủ lông tơ trắng. "
       "Nước vàng sánh, hương núi, vị ngọt hậu. Túi 200 g.",
       "Snow shan tea from ancient trees tended by Hmong families high in the Mộc Châu mountains, its buds "
       "covered in white down. Thick golden liquor, a mountain aroma and a sweet finish. 200 g bag.",
       "beverage", "moc-chau-tea", "4", "sl-2024", 250000, 70, "Shan tuyết Mộc Châu", "leaves"),
    _p(ean13("893550120001"), "Mận hậu sấy dẻo Mộc Châu (hộp 300 g)", "Mộc Châu soft-dried plums (300 g)",
       "Mận hậu Mộc Châu chín cây, sấy dẻo ở nhiệt độ thấp, giữ vị chua ngọt tự nhiên, không phẩm màu. Hộp "
       "300 g.",
       "Tree-ripened Mộc Châu plums soft-dried at low temperature, keeping their natural sweet-sour taste, "
       "with no colouring. 300 g box.",
       "food", "man-moc-chau", "3", "sl-2024", 85000, 120, "Mận sấy Mộc Châu", "fruit"),
    _p("DV-SL-BANANG-01", "Nghỉ nhà sàn bản Áng, Mộc Châu (1 đêm, 2 khách)",
       "Stilt-house stay in Áng village, Mộc Châu (1 night, 2 guests)",
       "Một đêm cho hai khách trong nhà sàn người Thái bên rừng thông bản Áng, kèm bữa tối món Thái và bữa "
       "sáng. Buổi sáng dạo rừng thông, hồ nước và đồi chè. Phiếu dịch vụ, đặt trước ít nhất 3 ngày.",
       "One night for two guests in a Thái stilt house by the Áng village pine forest, with a Thái dinner and "
       "breakfast. Mornings are for walking the pine forest, the lake and the tea hills. A service voucher; "
       "book at least 3 days ahead.",
       "tourism", "ban-ang", "4", "sl-2024", 450000, 10, "Bản Áng Mộc Châu", "hills"),
]

#: The certificate the demo revokes after the import (a province withdrew it).
REVOKED_SKU = ean13("893300140001")
REVOCATION_REASON = (
    "Chủ thể không duy trì đủ điều kiện sản xuất theo tiêu chí OCOP sau đợt kiểm tra định kỳ "
    "(Quyết định thu hồi số 2288/QĐ-UBND)."
)
REVOCATION_REASON_EN = (
    "The producer no longer met the OCOP production criteria at the periodic inspection "
    "(Revocation Decision No. 2288/QĐ-UBND)."
)

#: Demo accounts: (email, producer key or None for the operator).
OPERATOR_EMAIL = "admin@cho-ocop.vn"
PRODUCER_ACCOUNTS = (
    ("baola@cho-ocop.vn", "bao-la"),
    ("zengnham@cho-ocop.vn", "zeng-nham"),
)
DEMO_PASSWORD = "ocop-demo-2025"

#: A draft each demo producer account is working on (created through the producer's
#: own listing service, so it is what a producer would have saved).
DRAFT_LISTINGS = {
    "bao-la": dict(
        title="Khay mây đan hình lá sen", title_en="Lotus-leaf rattan tray", group_code="handicraft",
        description="<p>Khay đan tay từ mây rừng A Lưới, <strong>mẫu mới</strong> chưa dự thi OCOP.</p>",
        description_en="<p>Hand-woven from A Lưới forest rattan; a <strong>new design</strong> not yet rated.</p>",
        price=180_000, stock=6, pack_size="1 chiếc, 35 x 25 cm", weight_grams=400,
    ),
    "zeng-nham": dict(
        title="Khăn choàng thổ cẩm Zèng (mẫu thử)", title_en="Zèng brocade shawl (sample)",
        group_code="handicraft",
        description="<p>Dệt tay bằng khung Zèng của người Tà Ôi.</p><ul><li>Sợi bông nhuộm lá rừng</li></ul>",
        description_en="<p>Hand-woven on a Ta Oi Zèng loom.</p><ul><li>Cotton dyed with forest leaves</li></ul>",
        price=450_000, stock=3, pack_size="1 chiếc, 180 x 40 cm", weight_grams=250,
    ),
}


#: Each demo producer account's certificate work, through the producers' own
#: services: a listing shown with a certificate application still awaiting an
#: officer ("awaiting verification"), and a listing whose certificate the demo
#: operator approved from a decision signed long enough ago that it expires
#: ``expires_in_days`` after the first ``load_demo`` (the home page's warning).
#: ``signed_days_ago`` / ``expires_in_days`` count from the day of that first run.
#: The pattern drawn on their pictures.
PRODUCERS_MOTIF = {"bao-la": "weave", "zeng-nham": "brocade"}
CERTIFICATE_WORK = {
    "bao-la": [
        dict(
            listing=dict(
                title="Giỏ mây đựng quà Tết Bao La", title_en="Bao La rattan Tết gift basket",
                group_code="handicraft",
                description="<p>Giỏ mây đan nắp đậy, vừa một hộp trà và hai hũ mứt.</p>",
                description_en="<p>Lidded rattan basket that holds a box of tea and two jars of jam.</p>",
                price=260_000, stock=12, pack_size="1 chiếc, 30 x 22 cm", weight_grams=650, is_public=True,
            ),
            decision=dict(
                decision_number="1890/QĐ-UBND", issuing_body="UBND thành phố Huế", issuing_level="province",
                star=3,
            ),
            signed_days_ago=12,
        ),
        dict(
            listing=dict(
                title="Đĩa mây đan trang trí", title_en="Decorative woven rattan plate",
                group_code="handicraft",
                description="<p>Đĩa mây đan tay, đường kính 40 cm, treo tường hoặc đựng trái cây.</p>",
                description_en="<p>Hand-woven rattan plate, 40 cm across, for a wall or for fruit.</p>",
                price=150_000, stock=20, pack_size="1 chiếc, đường kính 40 cm", weight_grams=300, is_public=True,
            ),
            decision=dict(
                decision_number="712/QĐ-UBND", issuing_body="UBND tỉnh Thừa Thiên Huế", issuing_level="province",
                star=3,
            ),
            expires_in_days=45,
        ),
    ],
    "zeng-nham": [
        dict(
            listing=dict(
                title="Túi xách thổ cẩm Zèng", title_en="Zèng brocade handbag", group_code="handicraft",
                description="<p>Túi xách may từ vải Zèng dệt tay, lót vải bông.</p>",
                description_en="<p>Handbag sewn from hand-woven Zèng cloth, lined with cotton.</p>",
                price=380_000, stock=8, pack_size="1 chiếc, 28 x 20 cm", weight_grams=350, is_public=True,
            ),
            decision=dict(
                decision_number="1891/QĐ-UBND", issuing_body="UBND thành phố Huế", issuing_level="province",
                star=3,
            ),
            signed_days_ago=12,
        ),
        dict(
            listing=dict(
                title="Khăn quàng Zèng hoa văn trám", title_en="Zèng scarf with diamond pattern",
                group_code="handicraft",
                description="<p>Khăn quàng dệt hoa văn hình trám truyền thống của người Tà Ôi.</p>",
                description_en="<p>Scarf woven with the Ta Oi's traditional diamond pattern.</p>",
                price=320_000, stock=10, pack_size="1 chiếc, 160 x 30 cm", weight_grams=180, is_public=True,
            ),
            decision=dict(
                decision_number="713/QĐ-UBND", issuing_body="UBND tỉnh Thừa Thiên Huế", issuing_level="province",
                star=3,
            ),
            expires_in_days=75,
        ),
    ],
}


#: Delivery fee zones (whole đồng); the other provinces pay SHIPPING_DEFAULT_FEE_VND.
DELIVERY_ZONES = [
    ("Miền Trung và Tây Nguyên", 25_000, (1, 3), [
        "Thành phố Huế", "Thành phố Đà Nẵng", "Quảng Trị", "Quảng Ngãi", "Hà Tĩnh", "Nghệ An",
        "Gia Lai", "Khánh Hòa", "Đắk Lắk", "Lâm Đồng",
    ]),
    ("Hà Nội và TP. Hồ Chí Minh", 30_000, (2, 4), ["Thành phố Hà Nội", "Thành phố Hồ Chí Minh"]),
    ("Miền núi phía Bắc", 45_000, (4, 7), [
        "Cao Bằng", "Lai Châu", "Điện Biên", "Lào Cai", "Sơn La", "Lạng Sơn", "Tuyên Quang",
    ]),
]


@dataclass(frozen=True)
class DemoSalesPoint:
    code: str
    name: str
    kind: str
    province: str
    ward: str
    address_line: str
    latitude: str
    longitude: str
    opening_hours: str
    phone: str
    #: The staff account (email) that works there.
    staff_email: str
    staff_name: str
    #: {sku: units on the shelf}, counted by the point's first stock take.
    stock: dict


#: Three sales points like real ones: a supermarket's OCOP corner, a shop at a
#: tourist site and an airport shop, each with click and collect.
SALES_POINTS = [
    DemoSalesPoint(
        "QN-BIGC-HALONG", "Góc OCOP Quảng Ninh – Big C Hạ Long", "supermarket", "Quảng Ninh",
        "Phường Hồng Gai", "Tầng 1, Big C Hạ Long, đường 25/4", "20.952300", "107.081500",
        "8:00–22:00 hằng ngày", "0203 3512 668", "bigc-halong@cho-ocop.vn", "Phạm Thị Thu",
        {ean13("893570110001"): 12, ean13("893570150001"): 20, ean13("893570150002"): 8,
         ean13("893570140001"): 15, ean13("893570160001"): 10, ean13("893603520001"): 10},
    ),
    DemoSalesPoint(
        "HUE-DAINOI", "Cửa hàng OCOP Đại Nội Huế", "tourist_site", "Thành phố Huế",
        "Phường Thuận Hóa", "Cửa Ngọ Môn, 23 Tháng 8", "16.467600", "107.579000",
        "7:00–17:30 hằng ngày", "0234 3523 237", "dainoi@cho-ocop.vn", "Tôn Nữ Minh Châu",
        {ean13("893603580001"): 40, ean13("893603520001"): 25, ean13("893603530001"): 6,
         ean13("893603510002"): 10, ean13("893603570001"): 18},
    ),
    DemoSalesPoint(
        "HN-NOIBAI-T2", "Quầy OCOP Việt – Nhà ga T2 Nội Bài", "airport", "Thành phố Hà Nội",
        "Xã Nội Bài", "Nhà ga hành khách T2, Cảng hàng không quốc tế Nội Bài, khu cách ly quốc tế",
        "21.214300", "105.803900", "6:00–23:00 hằng ngày", "024 3584 3388", "noibai@cho-ocop.vn", "Đỗ Quang Huy",
        {ean13("893600110001"): 24, ean13("893130110001"): 30, ean13("893580110001"): 12,
         ean13("893603580001"): 20, ean13("893600120001"): 15, ean13("893570150001"): 6},
    ),
]
