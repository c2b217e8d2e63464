"""Stock takes as a spreadsheet file (``sku,quantity,counted_at``): reading an
upload into the items ``sync.count_stock`` checks, and writing the template a
point's staff fill in (their current stock).

Files come from Excel as often as from a till: UTF-8 with or without a BOM, and
``;`` as separator (Excel's in locales with a decimal comma) as well as ``,``."""

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.partner.models import LedgerSource
from marketplace.partner.stock import CountResult, StockOrigin
from marketplace.sales_points import sync
from marketplace.sales_points.models import SalesPoint

StockRecord = get_model("partner", "StockRecord")

COLUMNS = ("sku", "quantity", "counted_at")
OPTIONAL_COLUMNS = ("price_vnd",)
#: The first data row is line 2 (line 1 is the header).
FIRST_LINE = 2
MAX_FILE_BYTES = 1024 * 1024
MAX_ROWS = 5000


@dataclass(frozen=True)
class FileError:
    """What is wrong with a file: ``line`` 0 for the file as a whole."""

    line: int
    message: str


class StockFileInvalid(Exception):
    def __init__(self, errors: list[FileError]):
        self.errors = errors
        super().__init__(f"{len(errors)} errors")


def read_stock_take(data: bytes) -> list[tuple[int, dict]]:
    """The rows of an uploaded stock-take file as (line number, item for
    ``sync``), or
    ``StockFileInvalid`` (file-level problems: encoding, header, size)."""
    if len(data) > MAX_FILE_BYTES:
        raise StockFileInvalid([FileError(0, _("The file is larger than 1 MB: split it into several files."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StockFileInvalid([FileError(0, _("Save the file as CSV UTF-8 (in Excel: “CSV UTF-8 (Comma delimited)”)."))]) from None
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = [row for row in reader]
    if not rows:
        raise StockFileInvalid([FileError(0, _("The file is empty."))])
    names = [name.strip().lower() for name in rows[0]]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise StockFileInvalid([FileError(1, _("The first line must name the columns sku, quantity, counted_at "
                                              "(missing: %(missing)s).") % {"missing": ", ".join(missing)})])
    wanted = [name for name in (*COLUMNS, *OPTIONAL_COLUMNS) if name in names]
    items = []
    for line, row in enumerate(rows[1:], start=FIRST_LINE):
        if not any(cell.strip() for cell in row):
            continue  # blank lines Excel leaves at the end
        values = dict(zip(names, row, strict=False))
        item = {name: values.get(name, "").strip() for name in wanted}
        if item.get("price_vnd") == "":
            del item["price_vnd"]
        items.append((line, item))
    if not items:
        raise StockFileInvalid([FileError(0, _("The file has no stock lines."))])
    if len(items) > MAX_ROWS:
        raise StockFileInvalid([FileError(0, _("At most %(max)s lines per file.") % {"max": MAX_ROWS})])
    return items


def apply_stock_file(point: SalesPoint, data: bytes, user) -> list[CountResult]:
    """Read and apply a stock-take file, all or nothing: ``StockFileInvalid`` with
    every error by line number when anything is wrong."""
    rows = read_stock_take(data)
    try:
        return sync.count_stock(point, [item for _line, item in rows],
                                StockOrigin.for_user(LedgerSource.CSV, user))
    except sync.BatchInvalid as invalid:
        raise StockFileInvalid([
            FileError(rows[error.index][0], f"{error.field}: {error.message}") for error in invalid.errors
        ]) from None


def stock_template(point: SalesPoint) -> str:
    """A CSV of the point's current stock, counted now, for staff to correct."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, "title"])
    counted_at = timezone.localtime().replace(microsecond=0).isoformat()
    for sku, title, quantity in (
        StockRecord.objects.filter(partner_id=point.partner_id)
        .select_related(None).order_by("product__title")
        .values_list("product__upc", "product__title", "num_in_stock")
    ):
        writer.writerow([sku, quantity or 0, counted_at, title])
    return "\ufeff" + out.getvalue()
