"""What a recognition-decision scan may be: one whole PDF, PNG or JPEG file.

A check of the first bytes let polyglots through (a file that is a valid PDF and
also a PNG, a ZIP or an HTML page, which a browser or another tool may open as
the other type). Each format is checked from start to end."""

import io
import re
import struct

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF_HEADER = b"%PDF-"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SOI, JPEG_EOI = b"\xff\xd8\xff", b"\xff\xd9"
#: Signatures of other formats that must not hide inside a scan.
FOREIGN = {
    "PNG": re.compile(re.escape(PNG_SIGNATURE)),
    "ZIP": re.compile(rb"PK\x03\x04|PK\x05\x06"),
    "HTML": re.compile(rb"<\s*(?:html|script|body|iframe|svg)\b|<!doctype\s+html", re.IGNORECASE),
    "PDF": re.compile(re.escape(PDF_HEADER)),
}
TRAILING_PADDING = b" \t\r\n\x00"


def _not_a_real(kind: str) -> ValidationError:
    return ValidationError(_("This file is not a real %(ext)s file.") % {"ext": kind}, code="scan_bad_content")


def _mixed(kind: str, other: str) -> ValidationError:
    return ValidationError(
        _("This %(ext)s file also contains a %(other)s file. Upload a plain scan.") % {"ext": kind, "other": other},
        code="scan_polyglot",
    )


def _trailing(kind: str) -> ValidationError:
    return ValidationError(
        _("This %(ext)s file has more data after its end. Upload a plain scan.") % {"ext": kind},
        code="scan_polyglot",
    )


def _no_foreign(data: bytes, kind: str, allowed: tuple[str, ...] = ()) -> None:
    for other, pattern in FOREIGN.items():
        if other != kind and other not in allowed and pattern.search(data):
            raise _mixed(kind, other)


def check_pdf(data: bytes) -> None:
    """Starts with ``%PDF-``, ends with the ``%%EOF`` trailer (an incremental
    update may follow it with another), hides no other format."""
    if not data.startswith(PDF_HEADER) or not data.rstrip(TRAILING_PADDING).endswith(b"%%EOF"):
        raise _not_a_real("PDF")
    # PDFs carry JPEG images as they are (DCTDecode), never PNG, ZIP or HTML files.
    _no_foreign(data[len(PDF_HEADER):], "PDF")


def check_png(data: bytes) -> None:
    """Parses with Pillow, and its chunks end with IEND at the end of the file."""
    if not data.startswith(PNG_SIGNATURE):
        raise _not_a_real("PNG")
    position = len(PNG_SIGNATURE)
    while True:
        if position + 12 > len(data):
            raise _not_a_real("PNG")
        length, chunk = struct.unpack(">I4s", data[position:position + 8])
        position += 12 + length
        if chunk == b"IEND":
            break
    if data[position:].strip(TRAILING_PADDING):
        raise _trailing("PNG")
    _decode(data, "PNG")
    _no_foreign(data[len(PNG_SIGNATURE):], "PNG")


def check_jpeg(data: bytes) -> None:
    """Decodes with Pillow and ends with its end-of-image marker."""
    if not data.startswith(JPEG_SOI):
        raise _not_a_real("JPEG")
    if not data.rstrip(TRAILING_PADDING).endswith(JPEG_EOI):
        raise _trailing("JPEG")
    _decode(data, "JPEG")
    _no_foreign(data, "JPEG")


def _decode(data: bytes, kind: str) -> None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != kind:
                raise _not_a_real(kind)
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error):
        raise _not_a_real(kind) from None


CHECKS = {".pdf": check_pdf, ".png": check_png, ".jpg": check_jpeg, ".jpeg": check_jpeg}
