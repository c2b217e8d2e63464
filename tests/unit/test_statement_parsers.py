"""Reading bank statement exports: the three layouts, the ways banks write
amounts, dates and notes, and every bad row reported with its line number."""

import datetime
from pathlib import Path

import pytest

from checkout.payment.vietqr import check_letter, order_numbers_in_note, transfer_note
from checkout.reconciliation.parsers import (
    StatementInvalid,
    parse_amount,
    parse_date,
    parse_statement,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "bank_statements"


def rows_of(name, layout):
    return [(r.line_number, r.booked_on, r.amount, r.reference) for r in parse_statement(
        (DATA / name).read_bytes(), layout)]


def test_vietcombank_export_after_its_account_details_with_the_totals_row_skipped():
    rows = parse_statement((DATA / "vietcombank.csv").read_bytes(), "vietcombank")
    assert [(r.line_number, r.booked_on, r.amount, r.reference) for r in rows] == [
        (8, datetime.date(2026, 11, 2), 110_000, "5213 - 40211"),
        (9, datetime.date(2026, 11, 2), -25_000, "5213 - 40987"),
        (10, datetime.date(2026, 11, 3), 345_000, "5214 - 11002"),
        (11, datetime.date(2026, 11, 3), 200_000, "5214 - 11230"),
    ]
    assert order_numbers_in_note(rows[0].description) == ["100023"]
    assert order_numbers_in_note(rows[2].description) == ["100046"]


def test_techcombank_export_with_bom_semicolons_and_dotted_thousands():
    assert rows_of("techcombank.csv", "techcombank") == [
        (6, datetime.date(2026, 11, 4), 1_250_000, "FT26308123456"),
        (7, datetime.date(2026, 11, 4), -500_000, "FT26308124000"),
        (8, datetime.date(2026, 11, 5), 89_000, "FT26309100001"),
    ]


def test_generic_layout_signed_amounts_and_iso_dates():
    assert rows_of("generic.csv", "generic") == [
        (2, datetime.date(2026, 11, 6), 1_250_000, "REF-0001"),
        (3, datetime.date(2026, 11, 6), -30_000, "REF-0002"),
        (4, datetime.date(2026, 11, 7), 85_000, "REF-0003"),
    ]


def test_the_wrong_layout_is_refused_with_what_was_expected():
    with pytest.raises(StatementInvalid) as caught:
        parse_statement((DATA / "generic.csv").read_bytes(), "vietcombank")
    assert "ngay giao dich" in str(caught.value)


def test_every_bad_row_is_reported_with_its_line_number():
    data = (b"date,amount,description,reference\n"
            b"31/02/2026,100000,OCOP1G,R1\n"
            b"01/03/2026,12.5,x,R2\n"
            b"02/03/2026,50000,ok,R3\n"
            b"03/03/2026,abc,y\n"
            b"04/03/2026,,z,R5\n")
    with pytest.raises(StatementInvalid) as caught:
        parse_statement(data, "generic")
    assert [line for line, _message in caught.value.errors] == [2, 3, 5, 6]
    assert "31/02/2026" in caught.value.errors[0][1]


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(StatementInvalid) as caught:
        parse_statement(b"date,amount,description,reference\n01/03/2026,1,Chuy\xe0n,R\n", "generic")
    assert caught.value.errors[0][0] == 2


@pytest.mark.parametrize("text, amount", [
    ("1.250.000", 1_250_000), ("1,250,000", 1_250_000), ("1250000", 1_250_000), ("1 250 000", 1_250_000),
    ("1.250.000,00", 1_250_000), ("1,250,000.00", 1_250_000), ("1250000.00", 1_250_000), ("+1,250,000 VND", 1_250_000),
    ("-5.000", -5_000), ("(5.000)", -5_000), ("85.000 ₫", 85_000), ("", 0), ("1.250", 1_250),
])
def test_amounts_as_banks_write_them(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["12.5", "1.25.000", "1,2345", "abc", "1.250.000,50", "--5"])
def test_amounts_that_are_not_whole_dong(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize("text, date", [
    ("02/11/2026", datetime.date(2026, 11, 2)), ("2/1/2026", datetime.date(2026, 1, 2)),
    ("02-11-2026 08:15:22", datetime.date(2026, 11, 2)), ("2026-11-02", datetime.date(2026, 11, 2)),
])
def test_vietnamese_dates(text, date):
    assert parse_date(text) == date


def test_the_transfer_code_is_letters_and_digits_with_a_check_letter():
    code = transfer_note("100023")
    assert code == "OCOP100023" + check_letter("100023") and code.isalnum()
    # Any one wrong digit or swapped neighbours change the check letter.
    for wrong in ("100024", "100032", "010023", "100923"):
        assert check_letter(wrong) != check_letter("100023")


@pytest.mark.parametrize("note", [
    "{code}", "{code_lower}", "MBVCB.4021133.{code}.CT tu 0123 NGUYEN THI LAN", "OCOP 1000 23 {letter} chuyen tien",
    "Ốcốp-100023-{letter} cảm ơn", "IBFT {code}  thanh toan", "{code}100000",
])
def test_codes_are_found_however_the_bank_mangled_the_note(note):
    code = transfer_note("100023")
    text = note.format(code=code, code_lower=code.lower(), letter=code[-1])
    assert order_numbers_in_note(text) == ["100023"]


@pytest.mark.parametrize("note", ["OCOP 100023", "OCOP100024" + "G", "chuyen tien", ""])
def test_no_code_without_the_right_check_letter(note):
    if note.endswith("G"):
        note = "OCOP100024" + ("A" if check_letter("100024") != "A" else "B")
    assert order_numbers_in_note(note) == []
