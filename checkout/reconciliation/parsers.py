"""Reading a bank statement export into rows, all or nothing.

Each layout names its columns (matched without accents or case, so "Ngày giao
dịch" and "NGAY GIAO DICH" are the same); the header row is found wherever the
bank put it (after its account details), the delimiter (``;`` or ``,`` or tab)
is the one under which the header is found. Rows after the header are read
until the end; blank rows and the bank's totals row ("Tổng …") are skipped.
Every bad row is reported with its line number and nothing is returned unless
every row is good. See docs/bank-statements.md for each layout's columns.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from checkout.reconciliation.models import StatementLayout
from marketplace.text import strip_accents

#: Files larger than this are refused before reading (a month of a busy shop's
#: statement is well under 1 MB).
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Columns:
    """A layout's columns, each by the names it is known under (folded)."""

    date: tuple[str, ...]
    description: tuple[str, ...]
    reference: tuple[str, ...] = ()
    #: Either one signed amount column, or separate debit and credit columns.
    amount: tuple[str, ...] = ()
    debit: tuple[str, ...] = ()
    credit: tuple[str, ...] = ()


LAYOUTS: dict[str, Columns] = {
    StatementLayout.VIETCOMBANK: Columns(
        date=("ngay giao dich", "ngay gd", "ngay"),
        reference=("so tham chieu", "so ct", "so chung tu"),
        debit=("so tien ghi no", "ghi no", "no"),
        credit=("so tien ghi co", "ghi co", "co"),
        description=("mo ta", "noi dung", "dien giai", "chi tiet giao dich"),
    ),
    StatementLayout.TECHCOMBANK: Columns(
        date=("ngay giao dich", "ngay hieu luc"),
        reference=("ma giao dich", "so giao dich", "so but toan"),
        debit=("no tktt", "no", "ghi no"),
        credit=("co tktt", "co", "ghi co"),
        description=("dien giai", "mo ta giao dich", "noi dung"),
    ),
    StatementLayout.GENERIC: Columns(
        date=("date",), amount=("amount",), description=("description",), reference=("reference",),
    ),
}


@dataclass(frozen=True)
class StatementRow:
    line_number: int
    booked_on: datetime.date
    #: Whole đồng: positive for a credit, negative for a debit.
    amount: int
    description: str
    reference: str


@dataclass
class StatementInvalid(Exception):
    """The file cannot be imported: ``errors`` are ``(line number or None, message)``."""

    errors: list[tuple[int | None, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{line}: {message}" if line else message for line, message in self.errors)


def fold_header(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", strip_accents(text or "").lower()).split())


_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")


def parse_date(text: str) -> datetime.date:
    """``dd/mm/yyyy`` (or with ``-`` or ``.``, a time may follow), or ISO ``yyyy-mm-dd``."""
    text = (text or "").strip()
    if match := _DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(_("“%(value)s” is not a date (dd/mm/yyyy)") % {"value": text})
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a date (dd/mm/yyyy)") % {"value": text}) from None


def parse_amount(text: str) -> int:
    """Whole đồng from the ways banks write it: ``1.250.000``, ``1,250,000``,
    ``1 250 000``, ``1250000``, ``1.250.000,00``, ``+1,250,000 VND``, ``-5.000``,
    ``(5.000)``. Empty is 0. A non-zero fraction is an error (VND has no minor unit)."""
    raw = (text or "").strip()
    value = re.sub(r"(?i)\s*(vnd|vnđ|đ|₫)\s*$", "", raw).replace("\u00a0", " ").replace(" ", "")
    if not value:
        return 0
    negative = False
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1]
    if value[:1] in "+-":
        negative, value = value[0] == "-", value[1:]
    if not re.fullmatch(r"[0-9][0-9.,]*", value):
        raise ValueError(_("“%(value)s” is not an amount") % {"value": raw})
    fraction = ""
    last = max(value.rfind("."), value.rfind(","))
    if last >= 0:
        tail = value[last + 1:]
        separator = value[last]
        # The last separator is a decimal point when both kinds appear, or when
        # it appears once with one or two digits after it (1250000.00, 1.250.000,00).
        both = "." in value and "," in value
        if (both and value.count(separator) == 1) or (value.count(separator) == 1 and len(tail) in (1, 2)):
            fraction, value = tail, value[:last]
    groups = re.split(r"[.,]", value)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:])):
        raise ValueError(_("“%(value)s” is not an amount") % {"value": raw})
    if fraction.strip("0"):
        raise ValueError(_("“%(value)s” has a fraction of a đồng") % {"value": raw})
    amount = int("".join(groups))
    return -amount if negative else amount


def _find_header(rows: list[tuple[int, list[str]]], columns: Columns) -> tuple[int, dict[str, int]] | None:
    """The index of the header row among ``rows`` and each field's column."""
    fields = {name: getattr(columns, name) for name in ("date", "description", "reference", "amount",
                                                         "debit", "credit") if getattr(columns, name)}
    for index, (_line, cells) in enumerate(rows):
        folded = [fold_header(cell) for cell in cells]
        found = {}
        for name, aliases in fields.items():
            # The first alias present wins: "so tien ghi co" before a bare "co".
            for alias in aliases:
                if alias in folded and folded.index(alias) not in found.values():
                    found[name] = folded.index(alias)
                    break
        if "date" in found and "description" in found and (
                "amount" in found or ("debit" in found and "credit" in found)):
            return index, found
    return None


def _read_rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, line = [], 1
    try:
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        raise StatementInvalid([(reader.line_num, _("Unreadable CSV: %(error)s") % {"error": error})]) from None
    return rows


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise StatementInvalid([(None, _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // 2**20})])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise StatementInvalid([(line, _("The file is not UTF-8 text: save it from the bank's export or "
                                         "the spreadsheet as “CSV UTF-8”."))]) from None


def parse_statement(data: bytes, layout: str) -> list[StatementRow]:
    """Every transaction row of a statement file in ``layout``, or StatementInvalid
    with every problem found (and nothing read)."""
    columns = LAYOUTS.get(layout)
    if columns is None:
        raise StatementInvalid([(None, _("Choose the statement's layout."))])
    text = decode(data)
    header = None
    for delimiter in (";", ",", "\t"):
        rows = _read_rows(text, delimiter)
        header = _find_header(rows, columns)
        if header:
            break
    if header is None:
        expected = ", ".join(aliases[0] for aliases in (columns.date, columns.amount or columns.credit,
                                                        columns.description))
        raise StatementInvalid([(None, _("No header row with the columns of this layout (%(columns)s) was "
                                         "found: is it the right layout?") % {"columns": expected})])
    start, where = header
    errors: list[tuple[int | None, str]] = []
    parsed: list[StatementRow] = []
    width = max(where.values()) + 1
    for line, cells in rows[start + 1:]:
        if not any(cell.strip() for cell in cells):
            continue
        first = next(cell for cell in cells if cell.strip())
        if fold_header(first).startswith(("tong", "total", "so du cuoi", "closing balance")):
            continue
        if len(cells) < width:
            errors.append((line, _("%(found)s columns, %(expected)s expected") % {
                "found": len(cells), "expected": width}))
            continue
        problems = []
        try:
            booked_on = parse_date(cells[where["date"]])
        except ValueError as error:
            problems.append(str(error))
        try:
            if "amount" in where:
                amount = parse_amount(cells[where["amount"]])
            else:
                credit, debit = parse_amount(cells[where["credit"]]), parse_amount(cells[where["debit"]])
                if credit and debit:
                    raise ValueError(_("both a debit and a credit"))
                amount = abs(credit) or -abs(debit)
            if amount == 0:
                raise ValueError(_("no amount"))
        except ValueError as error:
            problems.append(str(error))
        if problems:
            errors.append((line, "; ".join(problems)))
            continue
        reference = cells[where["reference"]].strip() if "reference" in where else ""
        if len(reference) > 64:
            errors.append((line, _("the reference is longer than 64 characters")))
            continue
        parsed.append(StatementRow(line, booked_on, amount, " ".join(cells[where["description"]].split()),
                                   reference))
    if errors:
        raise StatementInvalid(errors)
    if not parsed:
        raise StatementInvalid([(None, _("The file has no transactions under its header row."))])
    return parsed
