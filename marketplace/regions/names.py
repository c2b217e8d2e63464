"""Keys for matching Vietnamese place names however they are typed.

"Tỉnh Thừa Thiên Huế", "thua thien hue" and "Thừa Thiên - Huế" all fold to
"thuathienhue": NFC, lower case, no accents (đ → d), punctuation to
spaces, and the administrative type ("tỉnh", "huyện", "phường"…) dropped.
"""

import re

from marketplace.text import fold

_TYPE_PREFIX = re.compile(
    r"^(tinh|thanh pho|tp|huyen|quan|thi xa|tx|xa|phuong|p|thi tran|tt|dac khu)\s+"
)


def name_key(name: str) -> str:
    """Folded name without its administrative type: "Huyện Quảng Điền" → "quangdien".

    Names that *are* a number ("Phường 1", "Quận 3") keep the type, since the
    number alone means nothing.
    """
    folded = fold(name)
    stripped = _TYPE_PREFIX.sub("", folded, count=1).strip()
    if not stripped or stripped.isdigit():
        stripped = folded
    # Spaces go too: the datasets write "Thanh Hoá" and "ThanhHoa" alike.
    return stripped.replace(" ", "")
