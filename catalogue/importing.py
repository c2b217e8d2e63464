"""Import a provincial OCOP product list (CSV) into the catalogue.

The whole file is validated before anything is written: one bad row and nothing is
saved, and every problem is reported with its line and column so the operator can
fix the file in one go. A valid file is then written in one transaction with bulk
queries, keyed by ``sku`` (Oscar's ``Product.upc``), so importing the same file
again changes nothing. The column format is documented in docs/import-format.md.
"""

import csv
import datetime
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from catalogue.certification import certificate_valid_until, today
from catalogue.groups import GROUP_CODES
from catalogue.search.indexing import schedule_reindex
from catalogue.structure import ensure_groups, product_class_for_group
from marketplace.partner.stock import stock_levels, update_stock_alerts
from marketplace.producers.models import validate_tax_code
from marketplace.regions.resolve import RegionLookupError, match_province, match_ward

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
RecognitionDecision = get_model("catalogue", "RecognitionDecision")
Certificate = get_model("catalogue", "Certificate")
StockRecord = get_model("partner", "StockRecord")
Partner = get_model("partner", "Partner")
Producer = get_model("producers", "Producer")

COLUMNS = (
    "sku", "title_vi", "title_en", "description_vi", "description_en", "group",
    "producer_tax_code", "producer_name", "producer_kind", "province", "ward", "star",
    "decision_number", "decision_date", "issuing_body", "issuing_level", "price_vnd",
    "stock", "image",
)
REQUIRED = (
    "sku", "title_vi", "group", "producer_tax_code", "producer_name", "producer_kind",
    "province", "star", "decision_number", "decision_date", "issuing_body",
    "issuing_level", "price_vnd", "stock",
)
PRODUCER_KINDS = tuple(code for code, _ in Producer.KIND_CHOICES)
ISSUING_LEVELS = tuple(code for code, _ in RecognitionDecision.LEVEL_CHOICES)
SKU_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
WHOLE_NUMBER_RE = re.compile(r"^\d+$")
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)s, column %(column)s: %(message)s") % {
            "line": self.line, "column": self.column, "message": self.message,
        }


class ImportValidationError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s) in the file")
        self.errors = errors


@dataclass
class ProductRow:
    """One validated line of the file, with values already converted."""

    line: int
    sku: str
    title_vi: str
    title_en: str
    description_vi: str
    description_en: str
    group: str
    producer_tax_code: str
    producer_name: str
    producer_kind: str
    province: object
    ward: object | None
    star: int
    potential_5: bool
    decision_number: str
    decision_date: datetime.date
    issuing_body: str
    issuing_level: str
    price: Decimal
    stock: int
    image: Path | None

    @property
    def valid_until(self) -> datetime.date:
        return certificate_valid_until(self.decision_date)


@dataclass
class ImportReport:
    rows: int = 0
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: (sku, title, valid_until) of rows whose certificate has already expired.
    not_sellable: list[tuple[str, str, datetime.date]] = field(default_factory=list)
    producers_created: int = 0
    decisions_created: int = 0
    product_ids: list[int] = field(default_factory=list)


# Reading and validating


def read_csv(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """(line number, row) pairs of a UTF-8 CSV whose header is exactly COLUMNS."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [RowError(1, "-", _("the file is not UTF-8 text (byte %(byte)s cannot be read)") % {"byte": exc.start})]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        return [], [RowError(1, "-", _("the file is empty"))]
    header = [name.strip() for name in header]
    if tuple(header) != COLUMNS:
        missing = [c for c in COLUMNS if c not in header]
        unknown = [c for c in header if c not in COLUMNS]
        details = []
        if missing:
            details.append(_("missing %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            details.append(_("unknown %(columns)s") % {"columns": ", ".join(unknown)})
        if not details:
            details.append(_("columns are in the wrong order"))
        return [], [
            RowError(1, "header", _("%(problems)s (expected exactly: %(columns)s)") % {
                "problems": "; ".join(details), "columns": ",".join(COLUMNS),
            })
        ]
    rows, errors = [], []
    line = 1
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(COLUMNS):
            errors.append(RowError(line, "-", _("expected %(expected)s values, found %(found)s") % {
                "expected": len(COLUMNS), "found": len(values),
            }))
            continue
        rows.append((line, {name: value.strip() for name, value in zip(COLUMNS, values, strict=True)}))
    return rows, errors


def _parse_star(value: str) -> tuple[int, bool]:
    if value.lower() == "5p":
        return 4, True  # potential 5★: sold as 4★ until the national review
    if value in {"3", "4", "5"}:
        return int(value), False
    if value in {"1", "2"}:
        raise ValueError(
            _("%(star)s★ is not an OCOP certification: only 3★, 4★ and 5★ products can be listed") % {"star": value}
        )
    raise ValueError(_("“%(value)s” is not a star rating; use 3, 4, 5 or 5p (potential 5★)") % {"value": value})


def _parse_date(value: str, on: datetime.date) -> datetime.date:
    not_a_date = _("“%(value)s” is not a date in the form YYYY-MM-DD") % {"value": value}
    try:
        parsed = datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(not_a_date)
    if len(value) != 10:
        raise ValueError(not_a_date)
    if parsed > on:
        raise ValueError(_("%(date)s is in the future") % {"date": value})
    return parsed


def _check_image(base_dir: Path, value: str) -> Path:
    from PIL import Image, UnidentifiedImageError

    relative = Path(value)
    if relative.is_absolute() or ".." in relative.parts:
        raise ValueError(_("give the image path relative to the CSV file, inside its folder"))
    path = base_dir / relative
    if not path.is_file():
        raise ValueError(_("no file “%(path)s” next to the CSV file") % {"path": value})
    try:
        with Image.open(path) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValueError(_("“%(path)s” is not a readable image") % {"path": value})
    if kind not in IMAGE_FORMATS:
        raise ValueError(_("“%(path)s” is a %(format)s image; use JPEG, PNG, WebP or GIF") % {"path": value, "format": kind})
    return path


def validate_rows(
    raw_rows: Iterable[tuple[int, dict[str, str]]],
    base_dir: Path,
    on: datetime.date | None = None,
) -> tuple[list[ProductRow], list[RowError]]:
    """Check every row; return the converted rows and every error found."""
    on = on or today()
    rows: list[ProductRow] = []
    errors: list[RowError] = []
    first_line_of_sku: dict[str, int] = {}
    producer_names: dict[str, tuple[str, int]] = {}

    for line, raw in raw_rows:
        row_errors: list[RowError] = []

        def fail(column: str, message: str, _errors=row_errors, _line=line) -> None:
            _errors.append(RowError(_line, column, message))

        for column in REQUIRED:
            if not raw[column]:
                fail(column, _("is required"))
        values: dict[str, object] = {}

        sku = raw["sku"]
        if sku:
            if not SKU_RE.match(sku):
                fail("sku", _("use up to 64 letters, digits, '.', '-' or '_' (e.g. the EAN barcode)"))
            elif sku in first_line_of_sku:
                fail("sku", _("duplicate sku “%(sku)s”, already on line %(line)s") % {
                    "sku": sku, "line": first_line_of_sku[sku],
                })
            else:
                first_line_of_sku[sku] = line
        for column in ("title_vi", "title_en"):
            if len(raw[column]) > 255:
                fail(column, _("is longer than 255 characters"))
        if raw["group"] and raw["group"] not in GROUP_CODES:
            fail("group", _("unknown group “%(value)s”; use one of %(choices)s") % {
                "value": raw["group"], "choices": ", ".join(GROUP_CODES),
            })
        if raw["producer_kind"] and raw["producer_kind"] not in PRODUCER_KINDS:
            fail("producer_kind", _("unknown kind “%(value)s”; use one of %(choices)s") % {
                "value": raw["producer_kind"], "choices": ", ".join(PRODUCER_KINDS),
            })
        if raw["issuing_level"] and raw["issuing_level"] not in ISSUING_LEVELS:
            fail("issuing_level", _("unknown level “%(value)s”; use one of %(choices)s") % {
                "value": raw["issuing_level"], "choices": ", ".join(ISSUING_LEVELS),
            })
        tax_code = raw["producer_tax_code"]
        if tax_code:
            try:
                validate_tax_code(tax_code)
            except ValidationError as exc:
                # The producer model's own message: malformed, or a wrong check digit.
                fail("producer_tax_code", " ".join(exc.messages))
            else:
                known = producer_names.get(tax_code)
                if known and raw["producer_name"] and known[0] != raw["producer_name"]:
                    fail(
                        "producer_name",
                        _("tax code %(tax_code)s is “%(name)s” on line %(line)s; one tax code, one producer name")
                        % {"tax_code": tax_code, "name": known[0], "line": known[1]},
                    )
                elif not known and raw["producer_name"]:
                    producer_names[tax_code] = (raw["producer_name"], line)
        if raw["star"]:
            try:
                values["star"], values["potential_5"] = _parse_star(raw["star"])
            except ValueError as exc:
                fail("star", str(exc))
        if raw["decision_date"]:
            try:
                values["decision_date"] = _parse_date(raw["decision_date"], on)
            except ValueError as exc:
                fail("decision_date", str(exc))
        price = raw["price_vnd"]
        if price:
            if price.startswith("-") and WHOLE_NUMBER_RE.match(price[1:]):
                fail("price_vnd", _("a price cannot be negative"))
            elif not WHOLE_NUMBER_RE.match(price):
                fail("price_vnd", _("“%(value)s” is not a whole number of đồng (write 120000, no separators or decimals)")
                     % {"value": price})
            else:
                values["price"] = Decimal(int(price))
        stock = raw["stock"]
        if stock:
            if not WHOLE_NUMBER_RE.match(stock):
                fail("stock", _("“%(value)s” is not a whole number of 0 or more") % {"value": stock})
            else:
                values["stock"] = int(stock)
        province = ward = None
        if raw["province"]:
            try:
                province = match_province(raw["province"])
            except RegionLookupError as exc:
                fail("province", str(exc))
        if raw["ward"] and province is not None:
            try:
                ward = match_ward(raw["ward"], province)
            except RegionLookupError as exc:
                fail("ward", str(exc))
        image = None
        if raw["image"]:
            try:
                image = _check_image(base_dir, raw["image"])
            except ValueError as exc:
                fail("image", str(exc))

        if row_errors:
            errors.extend(row_errors)
            continue
        rows.append(
            ProductRow(
                line=line,
                sku=sku,
                title_vi=raw["title_vi"],
                title_en=raw["title_en"],
                description_vi=raw["description_vi"],
                description_en=raw["description_en"],
                group=raw["group"],
                producer_tax_code=tax_code,
                producer_name=raw["producer_name"],
                producer_kind=raw["producer_kind"],
                province=province,
                ward=ward,
                star=values["star"],
                potential_5=values["potential_5"],
                decision_number=raw["decision_number"],
                decision_date=values["decision_date"],
                issuing_body=raw["issuing_body"],
                issuing_level=raw["issuing_level"],
                price=values["price"],
                stock=values["stock"],
                image=image,
            )
        )
    return rows, errors


# Writing


def _changed(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _save_producers(rows: list[ProductRow], report: ImportReport) -> dict[str, Producer]:
    wanted: dict[str, ProductRow] = {}
    for row in rows:
        wanted.setdefault(row.producer_tax_code, row)
    existing = {
        p.tax_code: p
        for p in Producer.objects.select_related("partner").filter(tax_code__in=wanted)
    }
    new_rows = [row for code, row in wanted.items() if code not in existing]
    partners = Partner.objects.bulk_create([Partner(name=row.producer_name) for row in new_rows])
    created = Producer.objects.bulk_create(
        [
            Producer(
                partner=partner,
                name=row.producer_name,
                kind=row.producer_kind,
                tax_code=row.producer_tax_code,
                province=row.province,
                ward=row.ward,
            )
            for partner, row in zip(partners, new_rows, strict=True)
        ]
    )
    report.producers_created = len(created)
    to_update, partners_to_update = [], []
    for code, producer in existing.items():
        row = wanted[code]
        if _changed(
            producer,
            {"name": row.producer_name, "kind": row.producer_kind,
             "province_id": row.province.code, "ward_id": row.ward.code if row.ward else None},
        ):
            to_update.append(producer)
        if producer.partner.name != row.producer_name:
            producer.partner.name = row.producer_name
            partners_to_update.append(producer.partner)
    Producer.objects.bulk_update(to_update, ["name", "kind", "province", "ward"])
    Partner.objects.bulk_update(partners_to_update, ["name"])
    return {**existing, **{p.tax_code: p for p in created}}


def _save_decisions(rows: list[ProductRow], report: ImportReport) -> dict[tuple, RecognitionDecision]:
    keys = {(r.decision_number, r.decision_date, r.issuing_body): r for r in rows}
    existing = {
        (d.number, d.signed_on, d.issuing_body): d
        for d in RecognitionDecision.objects.filter(
            number__in={k[0] for k in keys}, signed_on__in={k[1] for k in keys}
        )
    }
    new = [
        RecognitionDecision(
            number=number,
            signed_on=signed_on,
            issuing_body=body,
            issuing_level=row.issuing_level,
            criteria_version=RecognitionDecision.criteria_for(signed_on),
        )
        for (number, signed_on, body), row in keys.items()
        if (number, signed_on, body) not in existing
    ]
    created = RecognitionDecision.objects.bulk_create(new)
    report.decisions_created = len(created)
    existing.update({(d.number, d.signed_on, d.issuing_body): d for d in created})
    return existing


def _image_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stored_image_digest(image) -> str | None:
    try:
        with image.original.open("rb") as handle:
            return _image_digest(handle.read())
    except (OSError, ValueError):
        return None


@transaction.atomic
def save_rows(rows: list[ProductRow], report: ImportReport, progress: Callable[[int], None] | None = None) -> None:
    categories = ensure_groups()
    product_classes = {code: product_class_for_group(code) for code in GROUP_CODES}
    producers = _save_producers(rows, report)
    decisions = _save_decisions(rows, report)

    products = {p.upc: p for p in Product.objects.filter(upc__in=[r.sku for r in rows])}
    new_products = [
        Product(
            upc=row.sku,
            title=row.title_vi,
            title_en=row.title_en,
            description=row.description_vi,
            description_en=row.description_en,
            slug=slugify(row.title_vi)[:128] or slugify(row.sku),
            product_class=product_classes[row.group],
            producer=producers[row.producer_tax_code],
            structure=Product.STANDALONE,
            is_public=True,
        )
        for row in rows
        if row.sku not in products
    ]
    for product in Product.objects.bulk_create(new_products):
        products[product.upc] = product
    created_skus = {p.upc for p in new_products}

    product_ids = [products[r.sku].pk for r in rows]
    stockrecords = {s.product_id: s for s in StockRecord.objects.for_home_delivery().filter(product_id__in=product_ids)}
    group_links = {}
    for link in ProductCategory.objects.filter(
        product_id__in=product_ids, category__group_code__in=GROUP_CODES
    ).select_related("category"):
        group_links[link.product_id] = link
    certificates = {}
    for certificate in Certificate.objects.filter(product_id__in=product_ids).select_related("decision"):
        certificates.setdefault(certificate.product_id, []).append(certificate)
    images = {}
    for image in ProductImage.objects.filter(product_id__in=product_ids).order_by("display_order"):
        images.setdefault(image.product_id, image)

    product_updates, stock_new, stock_updates = [], [], []
    links_new, links_updates = [], []
    cert_new, cert_updates = [], []
    for index, row in enumerate(rows):
        product = products[row.sku]
        producer = producers[row.producer_tax_code]
        changed = False
        if row.sku not in created_skus and _changed(
            product,
            {"title": row.title_vi, "title_en": row.title_en, "description": row.description_vi,
             "description_en": row.description_en, "producer_id": producer.pk,
             "product_class_id": product_classes[row.group].pk},
        ):
            product_updates.append(product)
            changed = True

        category = categories[row.group]
        link = group_links.get(product.pk)
        if link is None:
            links_new.append(ProductCategory(product=product, category=category))
        elif link.category_id != category.pk:
            link.category = category
            links_updates.append(link)
            changed = True

        stock = stockrecords.get(product.pk)
        stock_values = {"partner_id": producer.partner_id, "partner_sku": row.sku,
                        "price": row.price, "price_currency": "VND", "num_in_stock": row.stock}
        if stock is None:
            stock_new.append(StockRecord(product=product, **stock_values))
        elif _changed(stock, stock_values):
            stock_updates.append(stock)
            changed = True

        decision = decisions[(row.decision_number, row.decision_date, row.issuing_body)]
        existing = certificates.get(product.pk, [])
        current = next((c for c in existing if c.decision_id == decision.pk), None)
        cert_values = {"star": row.star, "potential_5": row.potential_5, "valid_until": row.valid_until}
        if current is None:
            current = Certificate(product=product, decision=decision, status=Certificate.STATUS_ACTIVE, **cert_values)
            cert_new.append(current)
            changed = True
        elif _changed(current, cert_values):
            cert_updates.append(current)
            changed = True
        for older in existing:
            # A newer recognition replaces an older one still marked active.
            if (
                older.decision_id != decision.pk
                and older.status == Certificate.STATUS_ACTIVE
                and older.decision.signed_on < row.decision_date
            ):
                older.status = Certificate.STATUS_SUPERSEDED
                # Its verification page points at the new one (saved below, before
                # this update, so it has its id by then).
                older.superseded_by = current
                cert_updates.append(older)
                changed = True

        if row.image is not None:
            data = row.image.read_bytes()
            stored = images.get(product.pk)
            if stored is None or _stored_image_digest(stored) != _image_digest(data):
                if stored is not None:
                    stored.delete()
                ProductImage.objects.create(
                    product=product,
                    original=ContentFile(data, name=f"{slugify(row.sku)}{row.image.suffix.lower()}"),
                    caption=row.title_vi[:200],
                    display_order=0,
                )
                changed = True

        if row.sku in created_skus:
            report.created.append(row.sku)
        elif changed:
            report.updated.append(row.sku)
        else:
            report.unchanged.append(row.sku)
        if row.valid_until < today():
            report.not_sellable.append((row.sku, row.title_vi, row.valid_until))
        if progress:
            progress(index + 1)

    Product.objects.bulk_update(
        product_updates, ["title", "title_en", "description", "description_en", "producer", "product_class"], batch_size=500
    )
    ProductCategory.objects.bulk_create(links_new, batch_size=1000)
    ProductCategory.objects.bulk_update(links_updates, ["category"], batch_size=500)
    StockRecord.objects.bulk_create(stock_new, batch_size=1000)
    StockRecord.objects.bulk_update(
        stock_updates, ["partner", "partner_sku", "price", "price_currency", "num_in_stock"], batch_size=500
    )
    # Bulk writes send no save signal: a restock closes its low-stock alert here.
    update_stock_alerts(stock_levels(stock.pk for stock in stock_updates))
    Certificate.objects.bulk_create(cert_new, batch_size=1000)
    Certificate.objects.bulk_update(
        cert_updates, ["star", "potential_5", "valid_until", "status", "superseded_by"], batch_size=500
    )

    report.product_ids = product_ids
    changed_ids = [products[sku].pk for sku in (*report.created, *report.updated)]
    if changed_ids:
        schedule_reindex(changed_ids)


def import_products(
    path: str | Path,
    dry_run: bool = False,
    stdout=None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Validate the whole file, then (unless ``dry_run``) save it atomically.

    Raises ``ImportValidationError`` with every error when any row is invalid.
    ``progress(done, total)`` is called as rows are saved.
    """
    path = Path(path)
    raw_rows, errors = read_csv(path)
    rows, row_errors = validate_rows(raw_rows, path.parent)
    errors.extend(row_errors)
    if errors:
        raise ImportValidationError(errors)
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    if dry_run:
        existing = set(Product.objects.filter(upc__in=[r.sku for r in rows]).values_list("upc", flat=True))
        report.created = [r.sku for r in rows if r.sku not in existing]
        report.updated = [r.sku for r in rows if r.sku in existing]
        report.not_sellable = [(r.sku, r.title_vi, r.valid_until) for r in rows if r.valid_until < today()]
        return report
    save_rows(rows, report, progress=(lambda done: progress(done, len(rows))) if progress else None)
    if stdout is not None:
        stdout.write(format_report(report))
    return report


def format_report(report: ImportReport) -> str:
    counts = {
        "rows": report.rows, "created": len(report.created), "updated": len(report.updated),
        "unchanged": len(report.unchanged),
    }
    if report.dry_run:
        lines = [_("%(rows)s rows: %(created)s products would be created, %(updated)s updated.") % counts]
    else:
        lines = [
            _("%(rows)s rows: %(created)s products were created, %(updated)s updated, %(unchanged)s unchanged.")
            % counts,
            _("New producers: %(producers)s; new recognition decisions: %(decisions)s.")
            % {"producers": report.producers_created, "decisions": report.decisions_created},
        ]
    if report.not_sellable:
        lines.append(
            _("%(count)s product(s) imported but NOT sellable (certificate expired):") % {"count": len(report.not_sellable)}
        )
        lines += [
            "  " + _("%(sku)s %(title)s (valid until %(date)s)") % {"sku": sku, "title": title, "date": f"{until:%d/%m/%Y}"}
            for sku, title, until in report.not_sellable
        ]
    return "\n".join(lines) + "\n"
