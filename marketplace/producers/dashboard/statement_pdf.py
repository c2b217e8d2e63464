"""A payout statement as a PDF (reportlab, with the DejaVu font the certificate
labels ship, so Vietnamese prints without any font on the server). The text is
in the active language."""

import io

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from catalogue.verification.labels import BOLD, REGULAR, _register_fonts


def vnd(amount: int) -> str:
    """120000 → "120.000 ₫", as the shop shows prices."""
    return f"{int(amount):,}".replace(",", ".") + " ₫"


def statement_pdf(statement, lines, bank_label: str = "", account=None) -> bytes:
    _register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"{_('Payout statement')} {statement.number}")
    width, height = A4
    left, right = 18 * mm, width - 18 * mm
    columns = [left, left + 32 * mm, left + 100 * mm, left + 126 * mm, left + 150 * mm]

    def header(y: float) -> float:
        pdf.setFont(BOLD, 9)
        for x, title in zip(columns, (_("Order"), _("Product"), _("Line total"), _("Commission")), strict=False):
            pdf.drawString(x, y, title)
        pdf.drawRightString(right, y, _("Net"))
        pdf.line(left, y - 2 * mm, right, y - 2 * mm)
        return y - 7 * mm

    y = height - 20 * mm
    pdf.setFont(BOLD, 15)
    pdf.drawString(left, y, f"{_('Payout statement')} {statement.number}")
    y -= 8 * mm
    pdf.setFont(REGULAR, 10)
    facts = [
        (_("Producer"), statement.producer.name),
        (_("Period until"), formats.date_format(statement.period_until, "d/m/Y")),
        (_("Status"), statement.get_status_display()),
        (_("Total"), vnd(statement.total)),
    ]
    if statement.paid_at:
        facts.append((_("Paid on"), formats.date_format(statement.paid_at, "d/m/Y")))
    if account is not None:
        facts.append((_("Bank account"), f"{bank_label} · {account.masked_number} · {account.holder}"))
    for label, value in facts:
        pdf.drawString(left, y, f"{label}: {value}")
        y -= 5.5 * mm
    y -= 4 * mm
    y = header(y)
    pdf.setFont(REGULAR, 9)
    for row in lines:
        product = row.product or row.description
        wrapped = simpleSplit(product, REGULAR, 9, columns[2] - columns[1] - 2 * mm) or [""]
        if y - 4.5 * mm * len(wrapped) < 20 * mm:
            pdf.showPage()
            y = header(height - 20 * mm)
            pdf.setFont(REGULAR, 9)
        pdf.drawString(columns[0], y, row.order_number)
        if row.line_total is not None:
            pdf.drawString(columns[2], y, vnd(row.line_total))
            pdf.drawString(columns[3], y, vnd(row.commission))
        pdf.drawRightString(right, y, vnd(row.net))
        for text in wrapped:
            pdf.drawString(columns[1], y, text)
            y -= 4.5 * mm
        y -= 1.5 * mm
    pdf.line(left, y + 2 * mm, right, y + 2 * mm)
    pdf.setFont(BOLD, 10)
    pdf.drawString(left, y - 3 * mm, _("Total"))
    pdf.drawRightString(right, y - 3 * mm, vnd(statement.total))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
