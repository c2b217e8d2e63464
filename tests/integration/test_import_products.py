import datetime
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from catalogue.importing import COLUMNS, ImportValidationError, import_products
from catalogue.models import Certificate, Product, RecognitionDecision
from marketplace.producers.models import Producer

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data" / "import"


@pytest.fixture
def good_csv(tmp_path):
    for name in ("good.csv", "tea.jpg"):
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path / "good.csv"


def run(csv_path, *args, language="en"):
    call_command("import_products", str(csv_path), "--language", language, *args)


def test_a_bad_file_lists_every_error_with_line_and_column_and_saves_nothing(capsys):
    with pytest.raises(CommandError, match="7 error"):
        run(DATA / "bad.csv")
    errors = capsys.readouterr().err
    assert "line 2, column star: 2★ is not an OCOP certification" in errors
    assert "line 3, column province:" in errors and "Atlantis" in errors
    assert "line 4, column price_vnd: a price cannot be negative" in errors
    assert "line 5, column sku: duplicate sku “SKU-3”, already on line 4" in errors
    assert "line 6, column decision_date:" in errors
    assert "line 7, column group: unknown group “plants”" in errors
    assert "line 7, column image:" in errors
    assert Product.objects.count() == 0
    assert Producer.objects.count() == 0
    assert RecognitionDecision.objects.count() == 0


def test_a_wrong_header_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(",".join(COLUMNS[:-1]) + "\n", encoding="utf-8")
    with translation.override("en"):
        with pytest.raises(ImportValidationError) as excinfo:
            import_products(path)
        assert str(excinfo.value.errors[0]) == (
            f"line 1, column header: missing image (expected exactly: {','.join(COLUMNS)})"
        )


def test_a_wrong_check_digit_is_an_error_with_line_and_column_in_the_operators_language(good_csv, capsys):
    good_csv.write_text(
        good_csv.read_text(encoding="utf-8").replace(",3300109878,", ",3300109876,"), encoding="utf-8"
    )
    with pytest.raises(CommandError, match="^1 lỗi; chưa nhập gì.$"):
        run(good_csv, language="vi")
    assert capsys.readouterr().err == (
        "dòng 3, cột producer_tax_code: Mã số thuế 3300109876 sai chữ số kiểm tra: "
        "hãy đối chiếu với giấy chứng nhận đăng ký kinh doanh.\n"
    )
    with pytest.raises(CommandError, match="^1 error; nothing was imported.$"):
        run(good_csv)
    assert capsys.readouterr().err == (
        "line 3, column producer_tax_code: The check digit of tax code 3300109876 is wrong: "
        "compare it with the business registration.\n"
    )
    assert Product.objects.count() == 0


def test_a_good_file_imports_products_producers_decisions_certificates_stock_and_images(good_csv, capsys):
    run(good_csv)
    out = capsys.readouterr().out
    assert "4 products were created" in out

    tea = Product.objects.get(upc="8936000000011")
    assert (tea.title, tea.title_en) == ("Trà rau má Quảng Thọ", "Quang Tho pennywort tea")
    assert tea.producer.tax_code == "3300101237"
    assert tea.producer.kind == Producer.KIND_COOPERATIVE
    assert tea.producer.partner.name == "HTX Nông nghiệp Quảng Thọ II"
    # Old names on the certificate resolve to today's map.
    assert tea.producer.province.code == "46"
    assert tea.producer.ward.name == "Xã Quảng Điền"
    stock = tea.stockrecords.get()
    assert (stock.price, stock.num_in_stock, stock.partner_id) == (85000, 120, tea.producer.partner_id)
    certificate = tea.certificates.get()
    assert certificate.star == 4
    assert certificate.valid_until == datetime.date(2027, 5, 20)
    assert certificate.decision.number == "1032/QĐ-UBND"
    assert certificate.decision.issuing_body == "UBND tỉnh Thừa Thiên Huế"  # as printed
    assert certificate.decision.criteria_version == RecognitionDecision.CRITERIA_148
    assert tea.primary_image().original.read()[:3] == b"\xff\xd8\xff"
    assert tea.group.code == "beverage"

    shawl = Product.objects.get(upc="8936000000028")
    assert (shawl.certificates.get().star, shawl.certificates.get().potential_5) == (4, True)
    # One decision, two products.
    assert RecognitionDecision.objects.get(number="1032/QĐ-UBND").certificates.count() == 2
    assert Producer.objects.get(tax_code="5700101115-001").kind == Producer.KIND_HOUSEHOLD


def test_expired_rows_import_and_are_reported_not_sellable(good_csv, capsys):
    run(good_csv)
    out = capsys.readouterr().out
    assert "NOT sellable" in out and "8936000000042" in out
    bananas = Product.objects.get(upc="8936000000042")
    assert bananas.certificates.get().valid_until < timezone.localdate()
    assert not Product.objects.sellable().filter(pk=bananas.pk).exists()
    assert Product.objects.sellable().filter(upc="8936000000011").exists()


def test_reimport_is_idempotent_and_updates_by_sku(good_csv, capsys):
    run(good_csv)
    counts = (Product.objects.count(), Producer.objects.count(), Certificate.objects.count())
    run(good_csv)
    assert "0 products were created, 0 updated, 4 unchanged" in capsys.readouterr().out
    assert (Product.objects.count(), Producer.objects.count(), Certificate.objects.count()) == counts

    text = good_csv.read_text(encoding="utf-8").replace(",85000,120,", ",90000,80,").replace(
        "Quang Tho pennywort tea", "Quang Tho pennywort herbal tea"
    )
    good_csv.write_text(text, encoding="utf-8")
    run(good_csv)
    assert "0 products were created, 1 updated, 3 unchanged" in capsys.readouterr().out
    tea = Product.objects.get(upc="8936000000011")
    assert tea.title_en == "Quang Tho pennywort herbal tea"
    assert (tea.stockrecords.get().price, tea.stockrecords.get().num_in_stock) == (90000, 80)
    assert Product.objects.count() == counts[0]


def test_a_newer_decision_supersedes_the_older_certificate(good_csv):
    run(good_csv)
    text = good_csv.read_text(encoding="utf-8").replace(
        ",3,88/QĐ-UBND,2021-03-10,", ",4,410/QĐ-UBND,2025-08-01,"
    )
    good_csv.write_text(text, encoding="utf-8")
    run(good_csv)
    bananas = Product.objects.get(upc="8936000000042")
    statuses = dict(bananas.certificates.values_list("decision__number", "status"))
    assert statuses == {"88/QĐ-UBND": Certificate.STATUS_SUPERSEDED, "410/QĐ-UBND": Certificate.STATUS_ACTIVE}
    assert Product.objects.sellable().filter(pk=bananas.pk).exists()
    # The old certificate's verification page leads to the new one.
    old, new = (bananas.certificates.get(decision__number=n) for n in ("88/QĐ-UBND", "410/QĐ-UBND"))
    assert old.superseded_by == new and new.superseded_by is None
    assert new.code and new.code != old.code


def test_dry_run_validates_and_saves_nothing(good_csv, capsys):
    run(good_csv, "--dry-run")
    out = capsys.readouterr().out
    assert "4 products would be created" in out
    assert Product.objects.count() == 0


def test_one_tax_code_cannot_carry_two_producer_names(good_csv):
    text = good_csv.read_text(encoding="utf-8").replace(
        "3300105552,HTX SX và KD nông sản an toàn A Lưới", "3300101237,Another name"
    )
    good_csv.write_text(text, encoding="utf-8")
    with pytest.raises(ImportValidationError) as excinfo:
        import_products(good_csv)
    assert [(e.line, e.column) for e in excinfo.value.errors] == [(5, "producer_name")]
