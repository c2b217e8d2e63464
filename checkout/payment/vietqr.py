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

from checkout.payment.banks import app_banks, bank_by_bin
from checkout.payment.base import (
    PaymentMethod,
    PaymentResult,
    SourceTypeName,
    refund_due,
    whole_dong,
)
from marketplace.order.amounts import amount_due
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


#: The check character's alphabet: 23 letters (a prime count), without I, O and
#: Z, which are read as 1, 0 and 2.
CHECK_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXY"
CODE_PREFIX = "OCOP"
#: A transfer code inside a note folded by ``fold_note``: the prefix, the digits
#: of the order number and the check letter.
_CODE_IN_NOTE = re.compile(rf"{CODE_PREFIX}([0-9]{{1,20}})([A-Z])")


def check_letter(digits: str) -> str:
    """Weighted sum of the digits (weights 1, 2, 3 … from the left) modulo 23: any
    single wrong digit and any swap of two neighbouring digits changes it (the
    weights differ, 23 is prime and larger than the differences)."""
    if not digits.isdigit():
        raise ValueError("a transfer code is made from an order number of digits")
    return CHECK_LETTERS[sum((i % 22 + 1) * int(d) for i, d in enumerate(digits)) % len(CHECK_LETTERS)]


def transfer_note(order_number: str) -> str:
    """The transfer note (and the order's code in it): ``OCOP`` + the order number +
    a check letter, e.g. ``OCOP100023K``. Letters and digits only, so that it
    survives every bank's note handling (accents, punctuation and case dropped,
    spaces added or removed); the check letter tells a mistyped code from
    another order's. Order numbers are digits (Oscar's generator)."""
    digits = re.sub(r"[^0-9]", "", str(order_number))
    return f"{CODE_PREFIX}{digits}{check_letter(digits)}"


def fold_note(note: str) -> str:
    """A bank note as the codes are looked for in it: accents stripped, upper
    case, everything but letters and digits removed (a code the bank or the
    buyer split with spaces or dots is whole again)."""
    return re.sub(r"[^A-Z0-9]", "", strip_accents(note or "").upper())


def order_numbers_in_note(note: str) -> list[str]:
    """The order numbers whose transfer codes (with a right check letter) are in
    ``note``, in order, without repeats."""
    found = []
    for match in _CODE_IN_NOTE.finditer(fold_note(note)):
        number, letter = match.groups()
        if check_letter(number) == letter and number not in found:
            found.append(number)
    return found


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
    instructions_while = (PaymentStatus.AWAITING_TRANSFER,)

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
        # What is still due, not the placed total: lines cancelled before the
        # transfer are not paid for (``amount_due``); the QR, the banking apps'
        # links and the amount to copy all carry it.
        amount = whole_dong(amount_due(order))
        if amount <= 0:
            return {"nothing_due": True}
        note = transfer_note(order.number)
        account = settings.VIETQR_ACCOUNT_NUMBER
        payload = vietqr_payload(settings.VIETQR_BANK_BIN, account, amount, note)
        qr = segno.make(payload, error="m")
        bank = bank_by_bin(settings.VIETQR_BANK_BIN)
        # The banking apps' deep links name the shop's bank by its VietQR code; with
        # a BIN missing from the NAPAS list there is nothing to link to.
        apps = [(app, app.deeplink(bank, account, amount, note)) for app in app_banks()] if bank else []
        return {
            "vietqr": {
                "amount": amount,
                "note": note,
                "bank_bin": settings.VIETQR_BANK_BIN,
                "bank": bank,
                "account_number": account,
                "account_name": settings.VIETQR_ACCOUNT_NAME,
                "payload": payload,
                "svg": qr.svg_inline(scale=4, title=str(_("VietQR code of the transfer"))),
                "png_data_uri": qr.png_data_uri(scale=8, border=4),
                "png_file_name": f"vietqr-{order.number}.png",
                "apps": [{"bank": app, "url": url} for app, url in apps],
            }
        }
