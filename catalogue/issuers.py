"""English renderings of OCOP issuing bodies, for English pages.

Decisions name their issuer as printed ("UBND tỉnh Thừa Thiên Huế"); the printed
name stays the reference and is always shown. Next to it, English pages show a
rendering built from the few patterns every issuer follows (people's committees
of a province/city/district/commune, ministries, provincial departments). An
issuer that fits no pattern gets no rendering rather than a wrong one.
"""

import re
import unicodedata

# "Ủy ban nhân dân" is spelt with the tone mark on either vowel ("Ủy"/"Uỷ").
_COMMITTEE = r"(?:UBND|[UỦ][yỷ] ban nh[aâ]n d[aâ]n)"

#: Administrative level as printed → English committee name, most specific first
#: ("thị xã" before "xã", "thành phố" before anything that could follow it).
_LEVELS = [
    (r"t[ỉi]nh", "Provincial People's Committee of {}"),
    (r"(?:th[àa]nh ph[ốo]|TP\.?)", "People's Committee of {} City"),
    (r"th[ịi] x[ãa]", "People's Committee of {} Town"),
    (r"huy[ệe]n", "District People's Committee of {}"),
    (r"qu[ậa]n", "District People's Committee of {}"),
    (r"ph[ưu][ờo]ng", "Ward People's Committee of {}"),
    (r"x[ãa]", "Commune People's Committee of {}"),
    (r"th[ịi] tr[ấa]n", "Township People's Committee of {}"),
]

#: Ministries and the departments (Sở) named after them.
_SECTORS = {
    "nông nghiệp và môi trường": "Agriculture and Environment",
    "nông nghiệp và phát triển nông thôn": "Agriculture and Rural Development",
    "công thương": "Industry and Trade",
    "văn hóa, thể thao và du lịch": "Culture, Sports and Tourism",
    "văn hoá, thể thao và du lịch": "Culture, Sports and Tourism",
    "khoa học và công nghệ": "Science and Technology",
    "y tế": "Health",
    "tài chính": "Finance",
}

_NATIONAL = {
    "thủ tướng chính phủ": "Prime Minister of Viet Nam",
    "hội đồng ocop trung ương": "Central OCOP Council",
}


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def _place(text: str) -> str | None:
    """A place name as printed, or None when nothing is left of it."""
    text = text.strip(" ,.-")
    return text or None


def _committee(body: str) -> str | None:
    match = re.match(_COMMITTEE + r"\s+(.*)$", body, flags=re.IGNORECASE)
    if not match:
        return None
    rest = match.group(1)
    for level, english in _LEVELS:
        found = re.match(rf"{level}\s+(.+)$", rest, flags=re.IGNORECASE)
        if found and (place := _place(found.group(1))):
            return english.format(place)
    return None


def _department(body: str) -> str | None:
    """"Sở Công Thương tỉnh Quảng Ninh" → "Department of Industry and Trade of Quảng Ninh Province"."""
    match = re.match(r"S[ởo]\s+(.+?)(?:\s+(t[ỉi]nh|th[àa]nh ph[ốo]|TP\.?)\s+(.+))?$", body, re.I)
    if not match:
        return None
    sector = _SECTORS.get(match.group(1).lower())
    if sector is None:
        return None
    if not match.group(3):
        return f"Department of {sector}"
    kind = "Province" if re.match(r"t[ỉi]nh", match.group(2), re.I) else "City"
    return f"Department of {sector} of {match.group(3).strip()} {kind}"


def _ministry(body: str) -> str | None:
    match = re.match(r"B[ộo]\s+(.+)$", body, re.I)
    if match and (sector := _SECTORS.get(match.group(1).lower())):
        return f"Ministry of {sector}"
    return None


def issuer_in_english(issuing_body: str) -> str | None:
    """The English rendering of an issuing body as printed, or None when its
    pattern is unknown (then only the printed name is shown)."""
    body = _clean(issuing_body)
    if not body:
        return None
    if national := _NATIONAL.get(body.lower()):
        return national
    return _committee(body) or _department(body) or _ministry(body)
