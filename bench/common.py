"""Helpers shared by the benchmark scripts."""

import os
import random
from decimal import Decimal


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in DATABASE_URL if it does not exist."""
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')


def setup_django(default_database: str) -> str:
    """Point Django at DATABASE_URL (default: a local PostgreSQL database of this
    name), create the database if needed, set Django up and migrate. Returns the URL."""
    url = os.environ.get("DATABASE_URL") or f"postgres://postgres@127.0.0.1:5432/{default_database}"
    os.environ["DATABASE_URL"] = url
    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


WORDS = {
    "food": ["Gạo", "Mật ong", "Chả mực", "Nước mắm", "Bánh", "Mắm", "Tỏi", "Chuối", "Cà phê", "Hạt điều"],
    "beverage": ["Trà", "Rượu", "Nước", "Cà phê", "Trà túi lọc", "Rượu mơ", "Nước cốt"],
    "herbal": ["Cao", "Tinh dầu", "Sâm", "Nghệ", "Hà thủ ô", "Trà thảo mộc"],
    "handicraft": ["Đèn", "Rổ", "Khăn", "Nón lá", "Túi", "Gốm", "Chiếu"],
    "ornamental": ["Lan", "Bonsai", "Mai", "Đào", "Cây cảnh"],
    "tourism": ["Du lịch", "Homestay", "Làng nghề", "Tour"],
}
QUALIFIERS = ["hữu cơ", "rau má", "rừng", "đen", "sen", "hoa vàng", "mây tre", "thổ cẩm", "truyền thống",
              "đặc sản", "tươi", "sấy", "xanh", "zèng", "bạc hà", "gừng", "nếp", "lứt"]
KINDS = ["enterprise", "cooperative", "cooperative_group", "household"]


def build_catalogue(count: int, prefix: str, seed: int = 20250701) -> None:
    """``count`` synthetic certified products whose code starts with ``prefix``
    (Vietnamese titles and descriptions, 34 provinces with centroids, every star
    level, group and producer kind, varied prices and stock), replacing an earlier
    set of another size. Bulk inserts, in one transaction."""
    import datetime

    from django.db import transaction
    from django.utils import timezone
    from oscar.core.loading import get_model
    from tqdm import tqdm

    from catalogue.certification import certificate_valid_until
    from catalogue.groups import GROUP_CODES
    from catalogue.structure import ensure_groups, product_class_for_group
    from tests.factories import valid_tax_code

    Product = get_model("catalogue", "Product")
    ProductCategory = get_model("catalogue", "ProductCategory")
    StockRecord = get_model("partner", "StockRecord")
    Partner = get_model("partner", "Partner")
    Producer = get_model("producers", "Producer")
    Province = get_model("regions", "Province")
    RecognitionDecision = get_model("catalogue", "RecognitionDecision")
    Certificate = get_model("catalogue", "Certificate")

    if Product.objects.filter(upc__startswith=prefix).count() == count:
        print(f"{count} benchmark products already present")
        return
    rng = random.Random(seed)
    with transaction.atomic():
        Product.objects.filter(upc__startswith=prefix).delete()
        categories = ensure_groups()
        provinces = list(Province.objects.exclude(latitude=None)[:34])
        if len(provinces) < 34:
            for i in range(34 - len(provinces)):
                code = f"9{i:02d}"
                province, _ = Province.objects.get_or_create(
                    code=code,
                    defaults=dict(name=f"Tỉnh Bench {i}", short_name=f"Bench {i}", codename=f"bench_{i}",
                                  division_type="tỉnh", latitude=8.6 + i * 0.42, longitude=104.5 + (i % 7) * 0.6),
                )
                provinces.append(province)
        producers = []
        for i in range(300):
            partner, _ = Partner.objects.get_or_create(name=f"HTX Bench {i}")
            producer, _ = Producer.objects.get_or_create(
                partner=partner,
                defaults=dict(name=f"HTX Nông nghiệp Bench {i}", kind=KINDS[i % 4], tax_code=valid_tax_code(i, "98"),
                              province=provinces[i % len(provinces)]),
            )
            producers.append(producer)
        decisions = []
        for years in (0, 1, 2):
            decision, _ = RecognitionDecision.objects.get_or_create(
                number=f"{prefix}-{years}/QĐ-UBND",
                signed_on=timezone.localdate() - datetime.timedelta(days=100 + 365 * years),
                issuing_body="UBND tỉnh Bench",
                defaults={"issuing_level": "province", "criteria_version": "148"},
            )
            decisions.append(decision)
        batch = 1000
        for start in tqdm(range(0, count, batch), desc="products", unit="product", unit_scale=batch):
            size = min(batch, count - start)
            groups = [GROUP_CODES[rng.randrange(len(GROUP_CODES))] for _ in range(size)]
            titles = [
                f"{rng.choice(WORDS[g])} {rng.choice(QUALIFIERS)} {rng.choice(producers).province.short_name} {start + i}"
                for i, g in enumerate(groups)
            ]
            products = Product.objects.bulk_create([
                Product(title=titles[i], title_en=f"OCOP product {start + i}", upc=f"{prefix}{start + i:08d}",
                        description=f"{titles[i]}: sản phẩm OCOP {rng.choice(QUALIFIERS)}, {rng.choice(QUALIFIERS)}.",
                        slug=f"{prefix.lower()}-{start + i}", product_class=product_class_for_group(groups[i]),
                        producer=producers[rng.randrange(len(producers))], is_public=True, structure="standalone")
                for i in range(size)
            ])
            ProductCategory.objects.bulk_create([
                ProductCategory(product=p, category=categories[g]) for p, g in zip(products, groups, strict=True)
            ])
            StockRecord.objects.bulk_create([
                StockRecord(product=p, partner=p.producer.partner, partner_sku=p.upc,
                            price=Decimal(rng.randrange(30, 1500) * 1000), price_currency="VND",
                            num_in_stock=rng.choice([0, 5, 20, 100]))
                for p in products
            ])
            Certificate.objects.bulk_create([
                Certificate(product=p, decision=d, star=rng.choice([3, 3, 4, 4, 5]),
                            valid_until=certificate_valid_until(d.signed_on))
                for p in products
                for d in [rng.choice(decisions)]
            ])
