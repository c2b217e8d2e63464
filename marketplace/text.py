"""Vietnamese text normalisation, shared by everything that compares or spells
text: search (indexing and querying, so both sides agree), region names, slugs
and the ASCII-only bank transfer note.

Vietnamese can be typed precomposed ("à" as one code point) or decomposed ("a" +
a combining grave); NFC makes both the same before anything else.
``strip_accents`` drops the tone and vowel marks and maps "đ" to "d" (which has
no decomposition), and ``fold`` is how people type without a Vietnamese
keyboard ("tra rau ma" for "Trà rau má").
"""

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
#: Control characters (but tab and line breaks, which separate words), lone
#: surrogates and the byte-order mark: never meant as text, and PostgreSQL
#: refuses NUL in a query.
_UNWANTED = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def strip_accents(text: str) -> str:
    """Accents and "đ" gone, case and punctuation kept: "Đèn, Huế" → "Den, Hue"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def clean_text(text: str) -> str:
    """Typed text as it may be searched for and shown: NFC, without control
    characters, runs of white space as one space, no space at either end."""
    return " ".join(nfc(_UNWANTED.sub("", text or "")).split())


def normalize_exact(text: str) -> str:
    """Lower case, NFC, punctuation to single spaces; accents kept."""
    return " ".join(_NON_WORD.sub(" ", nfc(text).lower()).split())


def fold(text: str) -> str:
    """``normalize_exact`` without accents: "Đèn trang trí" → "den trang tri"."""
    return strip_accents(normalize_exact(text))


def padded(text: str) -> str:
    """Space-delimited form stored for word-prefix matching: " den trang tri "."""
    return f" {text} " if text else " "
