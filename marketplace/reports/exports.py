"""The programme's figures as files: one CSV per table, or one XLSX workbook with
a sheet per table (provinces paste them into their own reports)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from marketplace.reports.figures import Filters, Table


def table_rows(table: Table) -> list[list]:
    return [table.columns, *([label, *values] for label, values in (*table.rows, *table.footer))]


def table_csv(table: Table) -> str:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Vietnamese."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(table_rows(table))
    return buffer.getvalue()


def tables_xlsx(tables: list[Table], filters: Filters, heading: str) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(title=_sheet_title(table, workbook.sheetnames))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append([heading])
        sheet.append([])
        for index, row in enumerate(table_rows(table)):
            sheet.append(row)
            if index == 0:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        for column in table.money_columns:
            letter = get_column_letter(column + 2)
            for cell in sheet[letter][4:]:
                cell.number_format = "#,##0"
        for index, width in enumerate(_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "B5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(table: Table, taken: list[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name."""
    title = "".join(ch for ch in table.title if ch not in "[]:*?/\\")[:31]
    return title if title not in taken else f"{title[:28]} {len(taken)}"


def _widths(table: Table) -> list[int]:
    columns = list(zip(*table_rows(table), strict=True))
    return [min(60, max(10, *(len(str(value)) + 2 for value in column))) for column in columns]
