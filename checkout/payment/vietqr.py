"""Bank transfer by VietQR (NAPAS 247).

The QR holds an EMVCo merchant-presented payload in NAPAS's VietQR profile: the
shop's bank (BIN) and account, the exact amount and the order number as the
transfer note, closed by a CRC16-CCITT checksum. Banking apps fill the transfer in
from it. No maintained PyPI library builds it (only young single-author packages),
and the format is a few lines, so it is built here and tested against the spec.
"""

import binascii
import re

import segno
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from checkout.payment.base import (
    PaymentMethod,
    PaymentResult,
    SourceTypeName,
    refund_due,
    whole_dong,
)
from marketplace.order.statuses import PaymentEventName, PaymentStatus
from marketplace.text import strip_accents

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"EMVCo field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt(data: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as EMVCo QR requires:
    ``binascii.crc_hqx`` is that CRC from the initial value it is given."""
    return f"{binascii.crc_hqx(data.encode('utf-8'), 0xFFFF):04X}"


def transfer_note(order_number: str) -> str:
    """ASCII only: many banks drop or mangle accents in the note."""
    text = strip_accents(f"OCOP {order_number}").encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9 ]", "", text)[:25]


def vietqr_payload(bank_bin: str, account_number: str, amount: int, note: str) -> str:
    if amount <= 0:
        raise ValueError("a VietQR transfer needs a positive amount")
    beneficiary = _tlv("00", bank_bin) + _tlv("01", account_number)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_TO_ACCOUNT)
    payload = (
        _tlv("00", "01")
        + _tlv("01", "12")  # dynamic QR: one amount for one order
        + _tlv("38", merchant)
        + _tlv("53", CURRENCY_VND)
        + _tlv("54", str(int(amount)))
        + _tlv("58", "VN")
        + _tlv("62", _tlv("08", note))
        + "6304"
    )
    return payload + crc16_ccitt(payload)


class VietQRTransfer(PaymentMethod):
    code = "vietqr"
    name = _("Bank transfer (VietQR)")
    description = _("Scan the QR code with your banking app; the order ships once the transfer arrives.")
    instructions_template = "checkout/payment/vietqr/instructions.html"
    instructions_text_template = "checkout/payment/vietqr/instructions.txt"

    @classmethod
    def is_enabled(cls) -> bool:
        return bool(
            settings.VIETQR_BANK_BIN and settings.VIETQR_ACCOUNT_NUMBER and settings.VIETQR_ACCOUNT_NAME
        )

    def take_payment(self, order_number, total, **details):
        amount = total.incl_tax
        return PaymentResult(
            source_type=SourceTypeName.VIETQR_TRANSFER,
            amount_allocated=amount,
            payment_status=PaymentStatus.AWAITING_TRANSFER,
            reference=transfer_note(order_number),
            events=[(PaymentEventName.AWAITING_TRANSFER, amount, transfer_note(order_number))],
        )

    def refund_how(self):
        return gettext("Our team transfers it back to the account you paid from; a refund is recorded as due.")

    def given_back_message(self, amount):
        return gettext("Your bank transfer of %(amount)s ₫ will be sent back to the account it came from: a refund "
                       "is recorded as due and our team makes it by bank transfer.") % {"amount": amount}

    def not_given_back_message(self, reference):
        return gettext("Your bank transfer will be sent back to the account it came from: our team has been "
                       "alerted. Reference: %(ref)s") % {"ref": reference}

    def refund(self, order, amount, *, reason, idempotency_key):
        # No API sends a transfer back: the operators transfer it to the buyer.
        return refund_due(amount, idempotency_key)

    def instructions(self, order):
        amount = whole_dong(order.total_incl_tax)
        note = transfer_note(order.number)
        payload = vietqr_payload(settings.VIETQR_BANK_BIN, settings.VIETQR_ACCOUNT_NUMBER, amount, note)
        return {
            "vietqr": {
                "amount": amount,
                "note": note,
                "bank_bin": settings.VIETQR_BANK_BIN,
                "account_number": settings.VIETQR_ACCOUNT_NUMBER,
                "account_name": settings.VIETQR_ACCOUNT_NAME,
                "payload": payload,
                "svg": segno.make(payload, error="m").svg_inline(scale=4),
            }
        }
