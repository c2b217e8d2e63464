"""QR codes and printable label sheets for a certificate's verification page.

The QR code encodes the page's absolute address (``SITE_URL``), so a label keeps
working wherever the shop is reached from. Labels are drawn with reportlab (pure
Python, no system libraries: it installs the same on a fresh CI machine) on the
common A4 sheet of 21 stickers (3 × 7, 63.5 × 38.1 mm, Avery L7160 and its
equivalents); the QR code is vector paths, sharp at any printer resolution. Text
uses DejaVu Sans Condensed, shipped here (subset to Latin, Vietnamese and ★) so
Vietnamese prints correctly without any font installed on the server.
"""

import io
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from catalogue.verification.links import verification_url

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "DejaVuSansCondensed", "DejaVuSansCondensed-Bold"

#: The sheet: Avery L7160 geometry (mm).
COLUMNS, ROWS = 3, 7
LABELS_PER_SHEET = COLUMNS * ROWS
LABEL_WIDTH, LABEL_HEIGHT = 63.5 * mm, 38.1 * mm
PITCH_X, PITCH_Y = 66.0 * mm, 38.1 * mm
MARGIN_LEFT, MARGIN_TOP = 7.2 * mm, 15.15 * mm
#: A sheet request is bounded: ten sheets at most per download.
MAX_COPIES = LABELS_PER_SHEET * 10

RED = HexColor("#c8102e")
GOLD = HexColor("#d9a100")
INK = HexColor("#222222")
MUTED = HexColor("#5f6670")
CUT_LINE = Color(0.8, 0.8, 0.8)


def qr_code(certificate) -> segno.QRCode:
    """The certificate's QR code (error correction M: a label may get scuffed)."""
    return segno.make(verification_url(certificate), error="m", micro=False)


def qr_svg(certificate) -> bytes:
    buffer = io.BytesIO()
    qr_code(certificate).save(
        buffer, kind="svg", scale=10, border=4, xmldecl=True, svgns=True,
        title=f"OCOP {certificate.code}",
    )
    return buffer.getvalue()


def qr_png(certificate, scale: int = 12) -> bytes:
    buffer = io.BytesIO()
    qr_code(certificate).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / f"{REGULAR}.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / f"{BOLD}.ttf")))


def _draw_qr(pdf: canvas.Canvas, qr: segno.QRCode, x: float, y: float, size: float) -> None:
    """The QR code as filled rectangles (one per run of dark modules in a row)."""
    matrix = [list(row) for row in qr.matrix_iter(scale=1, border=4)]
    module = size / len(matrix)
    pdf.setFillColor(Color(0, 0, 0))
    path = pdf.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * module
        column = 0
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                path.rect(x + start * module, top, (column - start) * module, module)
            else:
                column += 1
    pdf.drawPath(path, stroke=0, fill=1)


def _draw_label(pdf: canvas.Canvas, certificate, qr: segno.QRCode) -> None:
    """One sticker, drawn at the origin (it becomes a form placed once per copy)."""
    pad = 1.8 * mm
    pdf.setStrokeColor(CUT_LINE)
    pdf.setLineWidth(0.3)
    pdf.roundRect(0, 0, LABEL_WIDTH, LABEL_HEIGHT, 2 * mm, stroke=1, fill=0)
    qr_size = LABEL_HEIGHT - 2 * pad
    _draw_qr(pdf, qr, pad, pad, qr_size)

    left = pad + qr_size + 1 * mm
    width = LABEL_WIDTH - left - pad
    top = LABEL_HEIGHT - pad
    pdf.setFillColor(RED)
    pdf.setFont(BOLD, 9)
    pdf.drawString(left, top - 8, "OCOP")
    pdf.setFillColor(GOLD)
    pdf.setFont(BOLD, 9)
    stars = "★" * certificate.star
    pdf.drawString(left + pdfmetrics.stringWidth("OCOP ", BOLD, 9), top - 8, stars)
    pdf.setFillColor(INK)
    pdf.setFont(REGULAR, 6.5)
    star_line = _("%(star)s-star OCOP") % {"star": certificate.star}
    pdf.drawString(left, top - 16, star_line)

    pdf.setFont(BOLD, 7)
    lines = simpleSplit(certificate.product.title, BOLD, 7, width)
    if len(lines) > 4:
        lines = lines[:3] + [lines[3].rstrip() + "…"]
    y = top - 25
    for line in lines:
        pdf.drawString(left, y, line)
        y -= 8

    pdf.setFillColor(MUTED)
    pdf.setFont(REGULAR, 5.5)
    pdf.drawString(left, pad + 11, _("Scan to check the certificate"))
    pdf.setFillColor(INK)
    pdf.setFont(BOLD, 8.5)
    pdf.drawString(left, pad + 2, certificate.code)


def label_sheet_pdf(certificate, copies: int = LABELS_PER_SHEET) -> bytes:
    """An A4 PDF with ``copies`` stickers for ``certificate`` (21 a sheet)."""
    if not 1 <= copies <= MAX_COPIES:
        raise ValueError(f"copies must be from 1 to {MAX_COPIES}")
    _register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    pdf.setTitle(f"OCOP {certificate.code} — {certificate.product.title}")
    pdf.setAuthor(settings.OSCAR_SHOP_NAME)
    pdf.setSubject(verification_url(certificate))
    pdf.beginForm("label", 0, 0, LABEL_WIDTH, LABEL_HEIGHT)
    _draw_label(pdf, certificate, qr_code(certificate))
    pdf.endForm()
    page_width, page_height = A4
    for index in range(copies):
        place = index % LABELS_PER_SHEET
        if index and place == 0:
            pdf.showPage()
        row, column = divmod(place, COLUMNS)
        x = MARGIN_LEFT + column * PITCH_X
        y = page_height - MARGIN_TOP - (row + 1) * PITCH_Y
        pdf.saveState()
        pdf.translate(x, y)
        pdf.doForm("label")
        pdf.restoreState()
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
