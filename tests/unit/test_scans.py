"""Decision scans are checked as whole files: crafted polyglots are refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalogue.models import validate_scan

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, kind)
    return buffer.getvalue()


def check(name: str, data: bytes) -> None:
    validate_scan(SimpleUploadedFile(name, data))


@pytest.mark.parametrize("name,data", [("qd.pdf", PDF), ("qd.png", image("PNG")), ("qd.jpg", image("JPEG")),
                                       ("qd.JPEG", image("JPEG")), ("qd.pdf", PDF + PDF[5:])])
def test_plain_scans_are_accepted(name, data):
    check(name, data)


@pytest.mark.parametrize("name,data,code", [
    # a PNG whose bytes go on into a PDF (opens as either)
    ("qd.png", image("PNG") + PDF, "scan_polyglot"),
    # a PDF carrying a PNG, a ZIP or an HTML page
    ("qd.pdf", PDF[:-7] + image("PNG") + b"\n%%EOF\n", "scan_polyglot"),
    ("qd.pdf", PDF[:-7] + b"PK\x03\x04payload\n%%EOF\n", "scan_polyglot"),
    ("qd.pdf", PDF[:-7] + b"<html><script>alert(1)</script>\n%%EOF\n", "scan_polyglot"),
    # a PDF followed by something else (no trailer at the end)
    ("qd.pdf", PDF + image("PNG"), "scan_bad_content"),
    ("qd.pdf", b"%PDF-1.4 nothing else", "scan_bad_content"),
    # images with a ZIP or PDF after their end
    ("qd.jpg", image("JPEG") + b"PK\x03\x04zipped", "scan_polyglot"),
    ("qd.png", image("PNG") + b"PK\x03\x04zipped", "scan_polyglot"),
    # signatures alone
    ("qd.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "scan_bad_content"),
    ("qd.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 40 + b"\xff\xd9", "scan_bad_content"),
    # the wrong extension
    ("qd.pdf", image("PNG"), "scan_bad_content"),
    ("qd.png", image("JPEG"), "scan_bad_content"),
    ("qd.gif", image("GIF"), "scan_bad_type"),
])
def test_polyglots_and_fakes_are_refused(name, data, code):
    with pytest.raises(ValidationError) as error:
        check(name, data)
    assert error.value.code == code


def test_the_size_limit_still_applies(settings):
    settings.CERTIFICATE_SCAN_MAX_BYTES = 10 * 1024 * 1024
    with pytest.raises(ValidationError) as error:
        check("qd.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert error.value.code == "scan_too_large"
