#!/usr/bin/env python
"""Import benchmark: validate and import a provincial CSV of N rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_import .venv/bin/python bench/import_products.py --rows 10000

Generates a realistic file (200 producers across the 34 provinces, old and new
province names, all groups and star levels), migrates the database if needed,
removes the previous run's products, then times validation, the first import and
a re-import of the same file (which must change nothing).
"""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.test")

GOODS = {
    "food": ["Gạo hữu cơ", "Mật ong rừng", "Chả mực", "Nước mắm", "Bánh tráng", "Chuối sấy"],
    "beverage": ["Trà rau má", "Cà phê Robusta", "Rượu mơ", "Trà shan tuyết"],
    "herbal": ["Cao atiso", "Tinh dầu tràm", "Trà gừng"],
    "handicraft": ["Khăn choàng zèng", "Rổ mây tre", "Nón lá", "Gốm"],
    "ornamental": ["Lan hồ điệp", "Bonsai sam hương"],
    "tourism": ["Homestay làng chài", "Tour làng nghề"],
}
OLD_NAMES = {"46": "Thừa Thiên Huế", "25": "Hòa Bình"}


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    from catalogue.importing import COLUMNS
    from marketplace.regions.models import Province
    from tests.factories import valid_tax_code

    rng = random.Random(seed)
    provinces = list(Province.objects.order_by("code").values_list("code", "short_name"))
    producers = []
    for i in range(200):
        code, name = provinces[i % len(provinces)]
        written = OLD_NAMES.get(code, name) if i % 3 == 0 else name
        kind = ["cooperative", "enterprise", "household", "cooperative_group"][i % 4]
        producers.append((valid_tax_code(i, "88"), f"HTX Sản xuất {name} số {i}", kind, written))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(rows):
            group = list(GOODS)[n % len(GOODS)]
            tax, producer, kind, province = producers[n % len(producers)]
            title = f"{rng.choice(GOODS[group])} {province} loại {n}"
            year = 2021 + n % 5
            writer.writerow([
                f"BENCH-IMP-{n:06d}", title, f"OCOP product {n}", f"Mô tả sản phẩm {title}.",
                f"Description of product {n}.", group, tax, producer, kind, province, "",
                ["3", "4", "5", "5p"][n % 4], f"{100 + n % 50}/QĐ-UBND", f"{year}-0{1 + n % 9}-15",
                f"UBND tỉnh {province}", "province", str(30_000 + (n % 97) * 5_000), str(n % 300), "",
            ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()

    from bench.common import setup_django

    setup_django("ocop_bench_import")
    from catalogue.importing import import_products, read_csv, validate_rows
    from catalogue.models import Product

    Product.objects.filter(upc__startswith="BENCH-IMP-").delete()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "products.csv"
        write_csv(path, args.rows)
        started = time.perf_counter()
        raw, errors = read_csv(path)
        rows, row_errors = validate_rows(raw, path.parent)
        validation = time.perf_counter() - started
        assert not errors and not row_errors, (errors + row_errors)[:5]

        started = time.perf_counter()
        first = import_products(path)
        first_time = time.perf_counter() - started
        started = time.perf_counter()
        again = import_products(path)
        again_time = time.perf_counter() - started

    from django.conf import settings

    print(f"\n{args.rows} rows on {settings.DATABASES['default']['ENGINE']}")
    print(f"validation only      {validation:7.1f} s")
    print(f"first import         {first_time:7.1f} s  ({len(first.created)} created, "
          f"{args.rows / first_time:,.0f} rows/s; includes search indexing)")
    print(f"re-import (no-op)    {again_time:7.1f} s  ({len(again.unchanged)} unchanged, {len(again.updated)} updated)")


if __name__ == "__main__":
    main()
