#!/usr/bin/env python
"""Story rendering benchmark: server time and SQL queries of a product story.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_cms .venv/bin/python bench/story_render.py

Builds a small page tree (home, story index) and stories with 1 and 10 product
blocks (plus a 10-block story whose products carry images) inside a transaction,
requests them through Django's test client, prints p50/p95 server time and the
query count of each page, then rolls everything back so the database is left as
it was. The query count must not grow with the number of product blocks.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.test")

from bench.common import setup_django  # noqa: E402


def with_image(product):
    from django.core.files.base import ContentFile
    from oscar.core.loading import get_model
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (600, 600), (200, 120, 60)).save(buffer, "JPEG")
    get_model("catalogue", "ProductImage").objects.create(
        product=product, original=ContentFile(buffer.getvalue(), name=f"bench-{product.pk}.jpg"),
        display_order=0,
    )
    return product


def build(blocks: int):
    from tqdm import tqdm

    from tests.factories import ProducerFactory, create_product
    from tests.pages import build_site, make_story

    site = build_site()
    producer = ProducerFactory(name="HTX Bench")
    products = [
        create_product(f"Sản phẩm bench {n}", producer=producer, price=50_000 + n * 1000)
        for n in tqdm(range(blocks), desc="products")
    ]
    pictured = [with_image(create_product(f"Sản phẩm có ảnh {n}", producer=producer))
                for n in tqdm(range(blocks), desc="products with images")]
    parent = site.stories["vi"]
    stories = {
        "story, 1 product block": make_story(parent, title="Bench 1", products=products[:1], producer=producer),
        f"story, {blocks} product blocks": make_story(parent, title="Bench N", products=products, producer=producer),
        f"story, {blocks} blocks + images": make_story(parent, title="Bench img", products=pictured, producer=producer),
    }
    pages = {label: story.url for label, story in stories.items()}
    pages["product page (with stories)"] = products[0].get_absolute_url()
    pages["home page"] = "/"
    return pages


def measure(client, url: str, repeat: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm template, rendition and thumbnail caches
    timings, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(ctx.captured_queries)
        assert response.status_code == 200, (url, response.status_code)
    return timings, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blocks", type=int, default=10, help="product blocks in the big story")
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()

    setup_django("ocop_bench_cms")
    from django.conf import settings
    from django.db import transaction
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]

    with transaction.atomic():
        pages = build(args.blocks)
        client = Client()
        print(f"\n{settings.DATABASES['default']['ENGINE']}, {args.repeat} requests each")
        print(f"{'page':<32}{'queries':>9}{'p50 ms':>9}{'p95 ms':>9}")
        for label, path in pages.items():
            timings, queries = measure(client, path, args.repeat)
            p95 = statistics.quantiles(timings, n=20)[18]
            print(f"{label:<32}{queries:>9}{statistics.median(timings):>9.1f}{p95:>9.1f}")
        transaction.set_rollback(True)  # leave the database as it was


if __name__ == "__main__":
    main()
