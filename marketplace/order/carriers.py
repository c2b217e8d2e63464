"""The carriers a producer ships with, and where the buyer follows a parcel.

A small fixed list (Vietnam's national and private carriers, and the producer's
own delivery) as TextChoices: each with its public tracking page, a per-number
address where the carrier has one, and the shape of its tracking numbers where
it is published (EMS/VNPost use the UPU S10 format, e.g. ``EE123456789VN``).
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Carrier(models.TextChoices):
    VNPOST = "vnpost", gettext_lazy("VNPost / EMS")
    VIETTEL_POST = "viettelpost", "Viettel Post"
    GHN = "ghn", "GHN (Giao Hàng Nhanh)"
    GHTK = "ghtk", "GHTK (Giao Hàng Tiết Kiệm)"
    JT = "jt", "J&T Express"
    NINJA_VAN = "ninjavan", "Ninja Van"
    OWN = "own", gettext_lazy("The producer's own delivery")


@dataclass(frozen=True)
class Tracking:
    #: The page for one parcel, with ``{number}``; "" when the carrier has none.
    number_url: str
    #: The carrier's tracking page, linked when there is no per-number page.
    page_url: str
    #: A full match of the carrier's tracking numbers, where the format is published.
    pattern: str = r"[A-Z0-9][A-Z0-9-]{5,29}"


TRACKING = {
    Carrier.VNPOST: Tracking("https://ems.com.vn/tra-cuu/tra-cuu-buu-gui?code={number}",
                             "https://vnpost.vn/tra-cuu-hanh-trinh/buu-pham", r"[A-Z]{2}[0-9]{9}[A-Z]{2}"),
    Carrier.VIETTEL_POST: Tracking("", "https://viettelpost.com.vn/tra-cuu-hanh-trinh-don/"),
    Carrier.GHN: Tracking("https://donhang.ghn.vn/?order_code={number}", "https://donhang.ghn.vn/"),
    Carrier.GHTK: Tracking("https://i.ghtk.vn/{number}", "https://i.ghtk.vn/"),
    Carrier.JT: Tracking("https://jtexpress.vn/vi/tracking?type=track&billcode={number}",
                         "https://jtexpress.vn/vi/tracking"),
    Carrier.NINJA_VAN: Tracking("https://www.ninjavan.co/vi-vn/tracking?id={number}",
                                "https://www.ninjavan.co/vi-vn/tracking"),
}


def clean_tracking_number(carrier: str, number: str) -> str:
    """The tracking number as the carrier prints it (upper case, no spaces), or a
    ValidationError saying what is wrong. Own delivery needs none."""
    if carrier not in Carrier.values:
        raise ValidationError(_("Choose a carrier from the list."))
    number = re.sub(r"\s+", "", number or "").upper()
    if carrier == Carrier.OWN:
        return number
    if not number:
        raise ValidationError(_("Enter the carrier's tracking number, so the buyer can follow the parcel."))
    if not re.fullmatch(TRACKING[Carrier(carrier)].pattern, number):
        raise ValidationError(
            _("“%(number)s” does not look like a %(carrier)s tracking number.")
            % {"number": number, "carrier": Carrier(carrier).label}
        )
    return number


def tracking_url(carrier: str, number: str) -> str:
    """Where the buyer follows the parcel: its own page, or the carrier's tracking page."""
    tracking = TRACKING.get(carrier)
    if tracking is None:
        return ""
    if tracking.number_url and number:
        return tracking.number_url.format(number=quote(number, safe=""))
    return tracking.page_url
