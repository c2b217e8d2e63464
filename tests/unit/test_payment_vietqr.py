import pytest
from django.core.exceptions import ValidationError

from checkout.forms import normalise_mobile
from checkout.payment.vietqr import crc16_ccitt, transfer_note, vietqr_payload


def parse_tlv(payload: str) -> dict[str, str]:
    fields, i = {}, 0
    while i < len(payload):
        tag, length = payload[i : i + 2], int(payload[i + 2 : i + 4])
        fields[tag] = payload[i + 4 : i + 4 + length]
        i += 4 + length
    return fields


def test_crc16_ccitt_false_check_value():
    assert crc16_ccitt("123456789") == "29B1"


def test_vietqr_payload_carries_bank_account_exact_amount_and_order_note():
    payload = vietqr_payload("970436", "0011001932418", 345_000, transfer_note("100123"))
    fields = parse_tlv(payload)
    assert fields["00"] == "01" and fields["01"] == "12"
    merchant = parse_tlv(fields["38"])
    assert merchant["00"] == "A000000727" and merchant["02"] == "QRIBFTTA"
    assert parse_tlv(merchant["01"]) == {"00": "970436", "01": "0011001932418"}
    assert fields["53"] == "704" and fields["58"] == "VN"
    assert fields["54"] == "345000"  # whole đồng, no decimals
    assert parse_tlv(fields["62"]) == {"08": transfer_note("100123")} and transfer_note("100123").isalnum()
    assert payload[-8:-4] == "6304"
    assert payload[-4:] == crc16_ccitt(payload[:-4])


def test_vietqr_refuses_a_zero_amount():
    with pytest.raises(ValueError):
        vietqr_payload("970436", "0011001932418", 0, "OCOP 1")


def test_transfer_note_is_letters_and_digits():
    assert transfer_note("100123")[:10] == "OCOP100123" and len(transfer_note("100123")) == 11


@pytest.mark.parametrize(
    "raw, expected",
    [("0912345678", "+84912345678"), ("+84 912 345 678", "+84912345678"), ("0387.654.321", "+84387654321"),
     ("84-707-123-456", "+84707123456"), ("0589 123 456", "+84589123456")],
)
def test_vietnamese_mobile_numbers_are_normalised(raw, expected):
    assert normalise_mobile(raw) == expected


@pytest.mark.parametrize("raw", ["0212345678", "091234567", "09123456789", "+1 415 555 0100", "", "0612345678"])
def test_other_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalise_mobile(raw)
