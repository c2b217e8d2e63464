#!/usr/bin/env python
"""HTTP load benchmark: the shop as it is deployed (gunicorn, production settings,
PostgreSQL, Redis), loaded page by page with concurrent connections.

    make bench-http
    .venv/bin/python bench/http.py --products 5000 --connections 8 --duration 15 --workers 2
    .venv/bin/python bench/http.py --profile product,search-api     # also py-spy profiles

Steps, all on this machine:

1. Fills its own PostgreSQL database (``DATABASE_URL``, default ``ocop_bench_http``;
   created and migrated when missing) with ``--products`` synthetic certified products
   (``bench.common.build_catalogue``) sharing a pool of product pictures, a Wagtail
   site (home page, stories with product blocks and hero images), a customer whose
   basket holds three products; rebuilds the search index; collects static files.
2. Starts ``gunicorn marketplace.wsgi`` with ``--workers`` sync workers and
   ``marketplace.settings.production`` (DEBUG off, a throw-away SECRET_KEY,
   ``SECURE_SSL_REDIRECT=0``, ``ALLOWED_HOSTS=127.0.0.1``, the cache in Redis database
   ``--redis-url``, which it empties first), waits until ``/healthz/`` answers.
3. Loads each page with ``wrk`` (``--connections`` connections for ``--duration``
   seconds after ``--warmup`` seconds) and reports requests/s, p50/p95/p99 latency,
   errors (non-2xx answers and socket errors) and throughput as a fraction of the
   floor's (``/healthz/``: the same middleware and one database round trip, measured
   at the start and at the end of the same run; ratios use the mean of the two).
4. Counts each page's SQL queries in-process (Django's test client, same settings,
   warm caches) and weighs the home, product and search pages cold in Chromium on a
   390 px phone viewport (HTML, CSS, JS, images and fonts as transferred; ``/media/``
   files are served from ``MEDIA_ROOT`` as the deployment's proxy would).
5. Prints the table and writes it as JSON and Markdown to ``bench/results/``.
   ``--profile KEY,...`` then loads those pages again under ``py-spy record`` (every
   gunicorn worker) and writes their collapsed stacks and a summary of where the time goes.

Why wrk: client and server share two cores here; wrk (C, one event loop per thread)
spends a few per cent of a core to drive a hundred requests per second, where a
Python load generator such as locust would take a good part of the CPU it is
measuring. It is a Debian package: the script installs it with apt-get when missing
and run as root.

Environment variables that the production settings read (``DB_CONN_MAX_AGE``,
``REDIS_URL``, ``ELASTICSEARCH_URL``, ...) reach both the builder and the server, so
the same command measures a configuration change.
"""

import os
import sys

_root = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
if sys.path and os.path.realpath(sys.path[0] or ".") == os.path.join(_root, "bench"):
    # Run as a script: this file's folder must not shadow the standard library's
    # ``http`` package; the project root takes its place.
    sys.path[0] = _root

import argparse
import datetime
import http.client
import json
import math
import mimetypes
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(_root)

PREFIX = "BENCHHTTP"
DEFAULT_DATABASE = "ocop_bench_http"
RESULTS = ROOT / "bench" / "results"
MEDIA_ROOT = RESULTS / "http-media"
STATIC_ROOT = RESULTS / "http-static"
#: An iPhone 12–15 sized screen.
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True,
         "has_touch": True}
#: Products shown in the measured story (one product block each).
STORY_BLOCKS = 10


@dataclass
class Page:
    #: Short name for ``--profile`` and the JSON.
    key: str
    label: str
    path: str
    #: ``Cookie`` header sent with every request (a signed-in customer).
    cookie: str | None = None
    #: Weigh it cold in Chromium.
    weigh: bool = False


@dataclass
class Fixture:
    """The objects the measured pages show."""

    product: object
    category: object
    story: object
    customer: object
    listable: int


# --------------------------------------------------------------------------- data


def add_pictures(prefix: str, pool: int) -> None:
    """Give every ``prefix`` product a picture from a pool of ``pool`` drawn ones
    (the demo's product artwork), so cards and product pages carry real images and
    thumbnails without thousands of files. Idempotent."""
    from django.conf import settings
    from django.core.files.storage import default_storage
    from oscar.core.loading import get_model

    from catalogue.groups import GROUP_CODES
    from marketplace.demo.images import draw_product_image

    ProductImage = get_model("catalogue", "ProductImage")
    Product = get_model("catalogue", "Product")
    names = []
    for n in range(pool):
        name = f"{settings.OSCAR_IMAGE_FOLDER.split('%')[0]}bench/picture-{n:03d}.jpg"
        if not default_storage.exists(name):
            group = GROUP_CODES[n % len(GROUP_CODES)]
            data = draw_product_image(f"bench-{n}", f"Sản phẩm OCOP {n}", group)
            default_storage.save(name, _named(data, name))
        names.append(name)
    bare = Product.objects.filter(upc__startswith=prefix, images=None).order_by("pk").values_list("pk", flat=True)
    ProductImage.objects.bulk_create(
        [ProductImage(product_id=pk, original=names[pk % pool], display_order=0) for pk in bare], batch_size=1000
    )


def _named(data: bytes, name: str):
    from django.core.files.base import ContentFile

    return ContentFile(data, name=Path(name).name)


def drop_pictures(prefix: str) -> None:
    """Delete the picture rows of ``prefix`` products without Oscar's per-row file
    clean-up (the pool's files are shared and kept)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM catalogue_productimage WHERE product_id IN "
            "(SELECT id FROM catalogue_product WHERE upc LIKE %s)", [prefix + "%"]
        )


def build_cms(products: list, stories: int) -> object:
    """A fresh Wagtail site (replacing the previous run's): home page with a hero
    image, ``stories`` stories with hero images, the first with ``STORY_BLOCKS``
    product blocks, the others with three. Returns the first."""
    from cms.models import HomePage
    from cms.sections import publish
    from marketplace.demo.pages import demo_image
    from tests.pages import build_site, make_story

    for home in list(HomePage.objects.all()):
        home.delete()
    site = build_site()
    home = site.home["vi"]
    home.hero_image = demo_image("bench-home", "Chợ OCOP", "market", "market")
    publish(home)
    motifs = [("weave", "bamboo"), ("leaves", "tea"), ("grains", "rice"), ("bananas", "banana"),
              ("brocade", "brocade"), ("waves", "sea")]
    made = []
    for n in range(stories):
        start, count = (0, STORY_BLOCKS) if n == 0 else (STORY_BLOCKS + 3 * n, 3)
        shown = [products[(start + i) % len(products)] for i in range(count)]
        producer = shown[0].producer
        motif, palette = motifs[n % len(motifs)]
        made.append(make_story(
            site.stories["vi"], title=f"Câu chuyện OCOP {n + 1}", products=shown, producer=producer,
            province=producer.province, intro="Từ làng nghề đến bàn ăn: người làm ra sản phẩm kể lại.",
            hero_image=demo_image(f"bench-story-{n}", f"Câu chuyện {n + 1}", motif, palette, seed=n),
        ))
    return made[0]


def customer_with_basket(products: list):
    """A signed-up customer whose open basket holds one of each of ``products``."""
    from django.contrib.auth import get_user_model
    from oscar.core.loading import get_model

    from tests.factories import make_basket

    Basket = get_model("basket", "Basket")
    customer, _ = get_user_model().objects.get_or_create(
        username="bench-buyer", defaults={"email": "bench-buyer@example.com", "first_name": "Lan"}
    )
    Basket.objects.filter(owner=customer).delete()
    basket = make_basket(*[(product, 1) for product in products])
    basket.owner = customer
    basket.save()
    return customer


def build_fixture(products: int, pictures: int = 48, stories: int = 6) -> Fixture:
    """Everything the measured pages need (see the module docstring), then a fresh
    search index and planner statistics."""
    from django.core.management import call_command
    from django.db import connection
    from oscar.core.loading import get_model

    from bench.common import build_catalogue
    from catalogue.search.documents import listable_products
    from catalogue.structure import ensure_groups

    Product = get_model("catalogue", "Product")
    if Product.objects.filter(upc__startswith=PREFIX).count() != products:
        drop_pictures(PREFIX)
    build_catalogue(products, PREFIX)
    add_pictures(PREFIX, pictures)
    # Products in stock for the stories, the product page and the basket.
    shown = list(
        listable_products().filter(upc__startswith=PREFIX, stockrecords__num_in_stock__gt=0)
        .select_related("producer__province").order_by("upc")[: STORY_BLOCKS + 3 * stories]
    )
    story = build_cms(shown, stories)
    customer = customer_with_basket(shown[1:4])
    call_command("search_index", "--rebuild", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Fixture(product=shown[0], category=ensure_groups()["food"], story=story, customer=customer,
                   listable=listable_products().count())


def session_cookie(user) -> str:
    """A ``Cookie`` header value signing ``user`` in (a session in the configured store)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def build_pages(fixture: Fixture, cookie: str) -> list[Page]:
    """The measured pages, in the order they are loaded (the floor first)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from catalogue.search.views import CatalogueView

    last_page = max(1, math.ceil(fixture.listable / CatalogueView.paginate_by))
    catalogue = reverse("catalogue:index")
    product = fixture.product.get_absolute_url()
    search = reverse("product-search")
    api = reverse("api-search")
    return [
        Page("floor", "floor (/healthz/)", reverse("healthz")),
        Page("home", "home page", reverse("home"), weigh=True),
        Page("catalogue", "catalogue, page 1", catalogue),
        Page("catalogue-50", f"catalogue, page {min(50, last_page)}", f"{catalogue}?page={min(50, last_page)}"),
        Page("category", "category page", fixture.category.get_absolute_url()),
        Page("product", "product page", product, weigh=True),
        Page("product-signed-in", "product page, signed in + basket", product, cookie=cookie),
        Page("search", "search page, text + filters",
             f"{search}?{urlencode([('q', 'tra'), ('stars', 4), ('stars', 5), ('price_max', 500000)])}",
             weigh=True),
        Page("search-api", "search API", f"{api}?{urlencode({'q': 'mat ong'})}"),
        Page("suggest-api", "suggest API", f"{reverse('api-search-suggest')}?{urlencode({'q': 'tra'})}"),
        Page("story", f"story, {STORY_BLOCKS} product blocks", fixture.story.url),
    ]


def count_queries(pages: list[Page], host: str) -> dict[str, int]:
    """SQL queries of each page, in-process, on the second request (warm caches)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for page in pages:
        client = Client(HTTP_HOST=host, **({"HTTP_COOKIE": page.cookie} if page.cookie else {}))
        client.get(page.path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page.path)
        if response.status_code != 200:
            raise SystemExit(f"{page.path} answered {response.status_code} in-process")
        counts[page.key] = len(ctx.captured_queries)
    return counts


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``gunicorn marketplace.wsgi`` in a process group of its own, stopped (group and
    all) on exit, Ctrl-C or SIGTERM."""

    def __init__(self, env: dict, workers: int, port: int, log: Path):
        self.env, self.workers, self.port, self.log = env, workers, port, log
        self.process = None

    def __enter__(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "marketplace.wsgi", "--workers", str(self.workers),
             "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}", "--timeout", "120",
             "--error-logfile", str(self.log), "--no-control-socket"],
            cwd=ROOT, env=self.env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.process.returncode}); see {self.log}")
            try:
                if get(self.port, "/healthz/")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not answer /healthz/ within 90 s; see {self.log}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass


def get(port: int, path: str, cookie: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --------------------------------------------------------------------------- load

WRK_SCRIPT = r"""
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  non2xx = 0
end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local non2xx_total = 0
  for _, thread in ipairs(threads) do non2xx_total = non2xx_total + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format(
    '\nWRK-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "non2xx": %d, ' ..
    '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f}}\n',
    summary.requests, summary.duration, summary.bytes, non2xx_total,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
"""


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() != 0:
        raise SystemExit("wrk is not installed: apt-get install wrk (as root), then run again")
    print("Installing wrk (apt-get)...", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    return shutil.which("wrk")


#: Sent with ``--gzip``: what every browser asks for.
ACCEPT_ENCODING = "gzip, deflate, br"


def wrk(binary: str, script: Path, url: str, connections: int, seconds: float, cookie: str | None,
        gzip: bool = False) -> dict:
    """One wrk run; its figures (latency in µs) from the Lua ``done`` hook."""
    command = [binary, "--threads", str(min(2, connections)), "--connections", str(connections),
               "--duration", f"{max(1, round(seconds))}s", "--timeout", "30s", "--script", str(script)]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    if gzip:
        command += ["--header", f"Accept-Encoding: {ACCEPT_ENCODING}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRK-JSON "))
    return json.loads(line.removeprefix("WRK-JSON "))


def drain(port: int, workers: int) -> None:
    """Wait until the workers have worked off what wrk left behind.

    When wrk stops it closes its connections, but requests it had sent still sit in
    the listen queue and a sync worker answers each of them in full; the next page's
    run would start behind them. The queue is first-in first-out: once a round of
    probes, one per worker, has come back, everything queued before it has been taken;
    a second round gives a worker still busy with one of those the time to finish it.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(workers) as pool:
        for _ in range(2):
            list(pool.map(lambda _: get(port, "/healthz/"), range(workers)))


def load(binary: str, script: Path, port: int, page: Page, args) -> dict:
    url = f"http://127.0.0.1:{port}{page.path}"
    if args.warmup:
        wrk(binary, script, url, args.connections, args.warmup, page.cookie, args.gzip)
        drain(port, args.workers)
    load_before = os.getloadavg()[0]
    raw = wrk(binary, script, url, args.connections, args.duration, page.cookie, args.gzip)
    drain(port, args.workers)
    socket_errors = sum(raw["socket_errors"].values())
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["latency_us"]["p50"] / 1000,
        "p95_ms": raw["latency_us"]["p95"] / 1000,
        "p99_ms": raw["latency_us"]["p99"] / 1000,
        "max_ms": raw["latency_us"]["max"] / 1000,
        "requests": raw["requests"],
        "non2xx": raw["non2xx"],
        "socket_errors": socket_errors,
        "errors": raw["non2xx"] + socket_errors,
        "kib_per_response": raw["bytes"] / max(raw["requests"], 1) / 1024,
        "load_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


# --------------------------------------------------------------------------- weight


def weigh(port: int, pages: list[Page]) -> dict[str, dict]:
    """Bytes a first visit downloads on a phone (cold cache), by resource type.

    Chromium reports encoded (as transferred) body and header sizes; ``/media/``
    files, which production serves from the proxy, are answered from MEDIA_ROOT here.
    """
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    # The browser tests' Chromium and flags.
    from tests.functional.conftest import CHROMIUM, CHROMIUM_ARGS

    media_url, media_root = settings.MEDIA_URL, Path(settings.MEDIA_ROOT)

    def serve_media(route):
        path = media_root / route.request.url.split(media_url, 1)[1].split("?")[0]
        if not path.is_file():
            return route.fulfill(status=404, body="")
        route.fulfill(status=200, body=path.read_bytes(),
                      content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream")

    weights = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for page in pages:
                context = browser.new_context(base_url=f"http://127.0.0.1:{port}", locale="vi-VN", **PHONE)
                context.route(f"**{media_url}**", serve_media)
                tab = context.new_page()
                finished = []
                # Only collect in the handler: an API call there would let other
                # events run in the middle of it.
                tab.on("requestfinished", lambda request, finished=finished: finished.append(request))
                tab.goto(page.path, wait_until="networkidle")
                tab.wait_for_timeout(500)
                kinds, decoded, failed = Counter(), Counter(), []
                for request in finished:
                    response, sizes = request.response(), request.sizes()
                    if response.status >= 400:
                        failed.append(f"{response.status} {request.url}")
                    kinds[_kind(request.resource_type)] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    decoded[_kind(request.resource_type)] += len(response.body())
                context.close()
                weights[page.key] = {
                    "total_kib": sum(kinds.values()) / 1024,
                    **{f"{kind}_kib": size / 1024 for kind, size in sorted(kinds.items())},
                    "requests": len(finished),
                    "uncompressed_kib": sum(decoded.values()) / 1024,
                    "failed": failed,
                }
        finally:
            browser.close()
    return weights


def _kind(resource_type: str) -> str:
    return {"document": "html", "stylesheet": "css", "script": "js", "image": "images",
            "font": "fonts"}.get(resource_type, "other")


# --------------------------------------------------------------------------- profile


def profile(server: Gunicorn, binary: str, script: Path, page: Page, args) -> dict:
    """py-spy samples every gunicorn worker while wrk loads ``page``. Writes the
    collapsed stacks to bench/results/profile-<key>.txt (flamegraph.pl and
    speedscope read them) and returns a summary."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        raise SystemExit("py-spy is not installed: .venv/bin/pip install -r requirements-dev.txt")
    url = f"http://127.0.0.1:{server.port}{page.path}"
    output = RESULTS / f"profile-{page.key}.txt"
    wrk(binary, script, url, args.connections, args.warmup or 2, page.cookie)
    # The master's process tree: every worker. --nonblocking: sampling does not
    # pause the workers, so the load is served as without the profiler.
    spy_process = subprocess.Popen(
        [spy, "record", "--pid", str(server.process.pid), "--subprocesses", "--nonblocking", "--rate", "100",
         "--duration", str(args.profile_seconds), "--format", "raw", "--output", str(output)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(1)
    wrk(binary, script, url, args.connections, args.profile_seconds, page.cookie)
    _, err = spy_process.communicate(timeout=args.profile_seconds + 60)
    if spy_process.returncode or not output.exists():
        raise SystemExit(f"py-spy failed: {err}")
    return summarise(read_collapsed(output))


def read_collapsed(path: Path) -> Counter:
    stacks = Counter()
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            # Drop the "process 123:..." root that --subprocesses adds.
            frames = [f for f in stack.split(";") if not f.startswith("process ")]
            stacks[tuple(frames)] += int(count)
    return stacks


AREAS = [  # (path fragment, area): the first match wins, most specific first
    ("django/template/", "Django templates"),
    ("django/db/models/sql/", "ORM: SQL compilation"),
    ("django/db/models/", "ORM: models, querysets, expressions"),
    ("django/db/backends/", "database driver (Django side)"),
    ("psycopg", "PostgreSQL round trips (psycopg: send, wait, read)"),
    ("django/urls/", "URL resolving and reversing"),
    ("django/utils/translation/", "translation (gettext)"),
    ("gettext", "translation (gettext)"),
    ("django/middleware/", "middleware"),
    ("django/contrib/sessions/", "sessions"),
    ("django/contrib/auth/", "auth"),
    ("django/core/cache/", "cache"),
    ("django_redis/", "cache"),
    ("redis/", "cache"),
    ("django/forms/", "forms"),
    ("django/", "Django, other"),
    ("rest_framework/", "DRF"),
    ("wagtail/", "Wagtail"),
    ("sorl/", "sorl-thumbnail"),
    ("babel/", "Babel (money formatting)"),
    ("oscar/", "Oscar"),
    ("gunicorn/", "gunicorn"),
    ("/site-packages/", "other libraries"),
    ("/catalogue/", "project: catalogue"),
    ("/cms/", "project: cms"),
    ("/marketplace/", "project: marketplace"),
    ("/checkout/", "project: checkout"),
]


def _area(frame: str) -> str | None:
    for fragment, area in AREAS:
        if fragment in frame:
            return area
    return None  # the standard library: charged to its caller


def summarise(stacks: Counter, top: int = 40) -> dict:
    """Self time by area (a standard-library frame counts for the nearest library or
    project frame above it) and the functions with the largest inclusive share."""
    total = sum(stacks.values()) or 1
    by_area, inclusive = Counter(), Counter()
    for frames, count in stacks.items():
        area = next((a for a in map(_area, reversed(frames)) if a), "standard library")
        by_area[area] += count
        for name in {_function(frame) for frame in frames}:
            inclusive[name] += count
    return {
        "samples": total,
        "self_by_area": [(area, round(100 * n / total, 1)) for area, n in by_area.most_common()],
        # Above 90 % are the wrappers every request goes through (gunicorn, handler).
        "inclusive": [(name, round(100 * n / total, 1)) for name, n in inclusive.most_common()
                      if n < 0.9 * total][:top],
    }


def _function(frame: str) -> str:
    """``render (django/template/base.py:1000)`` → ``django/template/base.py:render``."""
    name, _, where = frame.partition(" (")
    file = where.rsplit(":", 1)[0]
    for marker in ("/site-packages/", str(ROOT) + "/", "/lib/python3"):
        if marker in file:
            file = file.split(marker, 1)[1]
            break
    return f"{file}:{name}"


# --------------------------------------------------------------------------- report


def report(meta: dict, rows: list[dict], queries: dict, weights: dict, profiles: dict) -> str:
    lines = [
        f"# HTTP load benchmark, {meta['date']}",
        "",
        f"{meta['products']:,} products ({meta['listable']:,} listable), gunicorn {meta['workers']} sync workers, "
        f"wrk {meta['connections']} connections, {meta['duration']} s per page after {meta['warmup']} s warm-up; "
        f"{meta['nproc']} CPUs; load average before {meta['load_before']}, during "
        f"{meta['load_during_mean']} (mean of 1-min samples, max {meta['load_during_max']}); "
        f"floor {meta['floor_rps'][0]:.0f} → {meta['floor_rps'][1]:.0f} req/s (start → end). "
        f"Commit {meta['commit']}; DB_CONN_MAX_AGE={meta['conn_max_age']}; "
        f"{'Accept-Encoding: ' + ACCEPT_ENCODING if meta.get('gzip') else 'no Accept-Encoding (uncompressed answers)'}.",
        "",
        "| page | req/s | × floor | p50 ms | p95 ms | p99 ms | errors | SQL queries | KiB/response |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['label']} | {row['rps']:.1f} | {row['ratio']:.2f} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} "
            f"| {row['p99_ms']:.0f} | {row['errors']} | {queries.get(row['key'], '')} | {row['kib_per_response']:.1f} |"
        )
    if weights:
        kinds = ["html", "css", "js", "images", "fonts", "other"]
        lines += ["", "Cold page weight on a 390 px phone (KiB as transferred, by type; uncompressed total):", "",
                  "| page | transferred | " + " | ".join(kinds) + " | uncompressed | requests |",
                  "|---|---:|" + "---:|" * (len(kinds) + 2)]
        for key, w in weights.items():
            cells = " | ".join(f"{w.get(f'{kind}_kib', 0):.0f}" for kind in kinds)
            lines.append(f"| {key} | {w['total_kib']:.0f} | {cells} | {w['uncompressed_kib']:.0f} | {w['requests']} |")
            if w["failed"]:
                lines.append(f"| ↳ failed: {', '.join(w['failed'])} |")
    for key, summary in profiles.items():
        lines += ["", f"Profile of {key} ({summary['samples']} samples): self time by area", ""]
        lines += [f"- {area}: {share} %" for area, share in summary["self_by_area"][:12]]
        lines += ["", "Largest inclusive shares:", ""]
        lines += [f"- {share} % {name}" for name, share in summary["inclusive"]]
    return "\n".join(lines) + "\n"


def git_commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    return result.stdout.strip() + ("+changes" if dirty.strip() else "")


# --------------------------------------------------------------------------- main


def configure_environment(args) -> dict:
    """The production environment, for this process (builder, query counts) and the
    server alike. Returns the server's."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.production",
        DATABASE_URL=os.environ.get("DATABASE_URL") or f"postgres://postgres@127.0.0.1:5432/{DEFAULT_DATABASE}",
        REDIS_URL=args.redis_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1",
        MEDIA_ROOT=str(MEDIA_ROOT),
        STATIC_ROOT=str(STATIC_ROOT),
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
    )
    os.environ.update(env)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=5000, help="synthetic listable products (default 5000)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent connections (default 8)")
    parser.add_argument("--duration", type=float, default=15, help="seconds of load per page (default 15)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of load before each page (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--pages", help="only these page keys, comma-separated (the floor always runs)")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
                        help="the Redis database of the server's cache; emptied at the start (default db 14)")
    parser.add_argument("--no-weight", action="store_true", help="skip the page weights (Chromium)")
    parser.add_argument("--gzip", action="store_true",
                        help=f"send Accept-Encoding: {ACCEPT_ENCODING} as browsers do (pages come back compressed)")
    parser.add_argument("--profile", default="", help="page keys to profile with py-spy afterwards, e.g. product,search-api")
    parser.add_argument("--profile-seconds", type=int, default=20)
    args = parser.parse_args()

    server_env = configure_environment(args)
    binary = ensure_wrk()
    from bench.common import setup_django

    print("Preparing the database...", flush=True)
    setup_django(DEFAULT_DATABASE)
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command

    cache.clear()
    fixture = build_fixture(args.products)
    call_command("collectstatic", "--no-input", verbosity=0)
    all_pages = {page.key: page for page in build_pages(fixture, session_cookie(fixture.customer))}
    wanted, profiled = ([key for key in option.split(",") if key] for option in (args.pages or "", args.profile))
    if unknown := {*wanted, *profiled} - set(all_pages):
        raise SystemExit(f"No page {', '.join(sorted(unknown))}; the pages are {', '.join(all_pages)}")
    pages = [page for key, page in all_pages.items() if not wanted or key in {*wanted, "floor"}]
    queries = count_queries(pages, "127.0.0.1")
    from django.db import connections

    connections.close_all()

    RESULTS.mkdir(parents=True, exist_ok=True)
    script = Path(tempfile.mkstemp(prefix="bench-wrk-", suffix=".lua")[1])
    script.write_text(WRK_SCRIPT)
    port = free_port()
    # SIGTERM (kill, a timeout) and SIGHUP (a closed terminal) unwind like Ctrl-C,
    # so the server is stopped.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda signum, _frame: sys.exit(128 + signum))
    load_before = os.getloadavg()[0]
    started = datetime.datetime.now().astimezone()
    rows, profiles, weights, samples = [], {}, {}, []
    try:
        with Gunicorn(server_env, args.workers, port, RESULTS / "gunicorn.log") as server:
            for page in pages:
                status, body = get(port, page.path, page.cookie)
                if status != 200:
                    raise SystemExit(f"{page.path} answered {status}: {body[:300]!r}")
            floor, others = pages[0], pages[1:]
            print(f"\nLoading {len(pages)} pages on http://127.0.0.1:{port} "
                  f"({args.connections} connections, {args.duration:g} s each)...", flush=True)
            for page in [floor, *others, floor]:
                row = {"key": page.key, "label": page.label, "path": page.path, **load(binary, script, port, page, args)}
                samples += row["load_1min"]
                print(f"  {page.label:<36}{row['rps']:>8.1f} req/s  p50 {row['p50_ms']:>6.0f} ms  "
                      f"p99 {row['p99_ms']:>6.0f} ms  errors {row['errors']}", flush=True)
                rows.append(row)
            # One floor row: the mean throughput of the two runs, the worse latencies
            # and all errors; both runs are kept in the JSON.
            start, end = rows[0], rows.pop()
            floors = [start["rps"], end["rps"]]
            rows[0] = {**start, "rps": statistics.mean(floors), "runs": [start, end],
                       "errors": start["errors"] + end["errors"],
                       **{key: max(start[key], end[key]) for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms")}}
            for row in rows:
                row["ratio"] = row["rps"] / rows[0]["rps"]
            if not args.no_weight:
                print("Weighing pages in Chromium...", flush=True)
                weights = weigh(port, [page for page in pages if page.weigh])
            for key in profiled:
                page = all_pages[key]
                print(f"Profiling {page.label} with py-spy ({args.profile_seconds} s)...", flush=True)
                profiles[key] = profile(server, binary, script, page, args)
    finally:
        script.unlink(missing_ok=True)

    meta = {
        "date": started.isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "machine": platform.platform(),
        "products": args.products,
        "listable": fixture.listable,
        "connections": args.connections,
        "duration": args.duration,
        "warmup": args.warmup,
        "workers": args.workers,
        "load_before": round(load_before, 2),
        "load_during_mean": round(statistics.mean(samples), 2),
        "load_during_max": round(max(samples), 2),
        "floor_rps": floors,
        "commit": git_commit(),
        "conn_max_age": settings.DATABASES["default"].get("CONN_MAX_AGE"),
        "gzip": args.gzip,
        "cache": settings.CACHES["default"]["BACKEND"],
    }
    markdown = report(meta, rows, queries, weights, profiles)
    stamp = started.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"http-{stamp}.json").write_text(json.dumps(
        {"meta": meta, "pages": rows, "queries": queries, "weights": weights, "profiles": profiles},
        indent=2, ensure_ascii=False))
    (RESULTS / f"http-{stamp}.md").write_text(markdown)
    print("\n" + markdown)
    print(f"Written to {RESULTS}/http-{stamp}.{{json,md}}")


if __name__ == "__main__":
    main()
