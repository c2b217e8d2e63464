"""Whole pages for visitors who carry no state, rendered once and shared (issue 16).

Most visits to a shop's public pages come from people (and crawlers, link
previews) who are not signed in, have no basket and no pending message: every
one of them sees the same home page, catalogue page, product page, search page
and story for a given address and language. Rendering those pages is almost all
of their cost, so the middleware below keeps the rendered page in the cache and
serves it again, with what belongs to the request put back in on the way out:

- the CSRF token of the forms (add to basket, language): rendered as a
  placeholder (``csrf_placeholder``, a context processor) and replaced with this
  visitor's own token, which also sets their CSRF cookie as Django would;
- the Content-Security-Policy nonce of the page's scripts: rendered as a
  placeholder and replaced with this response's nonce (which then goes into the
  policy header);
- on a product page, Oscar's "product viewed" bookkeeping (the view counter and
  the recently-viewed cookie), sent again on every answer from the cache.

**Who is served from the cache**: a ``GET`` to one of ``CACHED_VIEWS`` carrying no
cookie but the CSRF, language, display-currency and recently-viewed ones (those
the key or the refill account for). A session, a basket or a message cookie
means the page may hold something of that visitor's: it is rendered as usual.

**Compressed once**: where production compresses pages (Django's GZipMiddleware),
compressing a 100 KiB page costs several times more than serving it from the
cache. The cached page is therefore also kept as raw-deflate pieces, one per run
of text between two placeholders, each free to refer back into the text before
it but never into a token or nonce (``_deflate_texts``): a response is those
pieces with the few bytes of token and nonce compressed in between, one gzip
member whose CRC is computed over the filled text, and the random-length header
padding Django's middleware adds against BREACH (the token is masked anew for
every response anyway).

**What is kept**: a 200 HTML or JSON answer that wrote nothing of the visitor's
(no session change, no message, no real CSRF token in the text, no cookie but the
recently-viewed one) and is not marked private or uncacheable.

**Never stale**: the key (``freshness.versioned_key``) carries the catalogue
version (replaced by every change that schedules a reindex: prices, stock,
certificates, titles), today's date (a certificate lapses at midnight), and the
**page version** below, replaced after any write to a model a public page shows
(a Wagtail page published, a producer's profile, a review, a category, a sales
point...), plus the host, scheme, full path with its query, language and
display currency. Models no public page shows, or that are written while pages
render (thumbnails, renditions, counters, logs), do not replace it.

**Limits**: versions are shop-wide, so every order (it moves stock, which
schedules a reindex) makes every page stale and each is rendered once more on
its next visit; signed-in buyers and visitors with a basket are not helped.
"""

from __future__ import annotations

import re
import secrets
import struct
import zlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from oscar.apps.analytics.receivers import receive_product_view
from oscar.core.loading import get_class, get_model

from catalogue.search.freshness import TIMEOUT_SECONDS, catalogue_version, versioned_key
from catalogue.search.freshness import VERSION_KEY as CATALOGUE_VERSION_KEY
from marketplace import currency

#: Views whose pages are the same for every visitor without state (URL names).
CACHED_VIEWS = frozenset({
    "home",
    "wagtail_serve",
    "catalogue:index",
    "catalogue:category",
    "catalogue:detail",
    "product-search",
    "api-search",
    "api-search-suggest",
})

#: Stand-ins written into the cached text and replaced per response.
CSRF_PLACEHOLDER = "ocop-csrf-placeholder-7f3a"
NONCE_PLACEHOLDER = "ocop-nonce-placeholder-4c1e"

PAGE_VERSION_KEY = "pages:version"

#: Apps and models whose rows no public page shows, or that pages write while they
#: render (sorl's thumbnail store, Wagtail's renditions, Oscar's view counters):
#: their writes leave cached pages in place. Everything else replaces them.
UNSHOWN = frozenset({
    "admin", "analytics", "auth", "axes", "basket", "communication", "contenttypes",
    "customer", "django_tasks_database", "order", "payment", "payouts", "sessions",
    "thumbnail", "voucher", "wagtailadmin", "wagtailembeds", "wagtailforms",
    "wagtailsearch", "wagtailusers", "wishlists",
    "address.UserAddress",
    "catalogue.ApplicationEvent", "catalogue.CertificateApplication", "catalogue.CertificateScan",
    "catalogue.ExpiryReminder", "catalogue.ProductSearchDocument",
    "checkout.BankStatement", "checkout.ProcessedStripeEvent", "checkout.StatementLine",
    "checkout.StripeIntentOutcome", "checkout.VnpayRefund", "checkout.VnpayTransaction",
    "partner.StockAlert", "partner.StockLedgerEntry",
    "producers.ListingChange", "producers.ProducerUserProfile",
    "sales_points.CounterSale", "sales_points.PickUp", "sales_points.SalesPointToken",
    "wagtailcore.Comment", "wagtailcore.CommentReply", "wagtailcore.ModelLogEntry",
    "wagtailcore.PageLogEntry", "wagtailcore.PageSubscription", "wagtailcore.ReferenceIndex",
    "wagtailcore.Revision", "wagtailcore.TaskState", "wagtailcore.WorkflowState",
    "wagtailimages.Rendition",
})


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", True)


# --------------------------------------------------------------------------- freshness


def page_version() -> str:
    version = cache.get(PAGE_VERSION_KEY)
    if version is None:
        cache.add(PAGE_VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(PAGE_VERSION_KEY)
    return version


def _versions() -> tuple[str, str]:
    """The catalogue and page versions in one round trip to the cache."""
    found = cache.get_many([CATALOGUE_VERSION_KEY, PAGE_VERSION_KEY])
    return (found.get(CATALOGUE_VERSION_KEY) or catalogue_version(),
            found.get(PAGE_VERSION_KEY) or page_version())


def bump_page_version() -> None:
    """Make every cached page stale."""
    cache.set(PAGE_VERSION_KEY, secrets.token_hex(8), timeout=None)


def shown_on_pages(model) -> bool:
    meta = model._meta
    return meta.app_label not in UNSHOWN and f"{meta.app_label}.{meta.object_name}" not in UNSHOWN


def content_changed(sender, using=None, **kwargs) -> None:
    """Receiver of every model's save, delete and many-to-many change: the pages
    go stale once the write commits (a page rendered before the commit read the
    old rows), once per transaction however many rows it writes."""
    if kwargs.get("raw") or not shown_on_pages(sender):
        return
    connection = transaction.get_connection(using)
    if any(callback is bump_page_version for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(bump_page_version, using=using)


def connect_signals() -> None:
    """Every write passes through these signals (queryset ``update()`` does not:
    the stock and certificate services that use it schedule a reindex, which
    replaces the catalogue version in the same keys)."""
    post_save.connect(content_changed, dispatch_uid="page-cache-save")
    post_delete.connect(content_changed, dispatch_uid="page-cache-delete")
    m2m_changed.connect(content_changed, dispatch_uid="page-cache-m2m")


# --------------------------------------------------------------------------- serving


def _view_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None)).view_name
    except Resolver404:
        return None


def stateless(request: HttpRequest) -> bool:
    """A GET for a shared page from a visitor whose cookies change nothing on it."""
    if request.method != "GET" or not enabled():
        return False
    allowed = {
        settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME, currency.COOKIE_NAME,
        settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME,
    }
    if any(name not in allowed for name in request.COOKIES):
        return False
    request.page_cache_view = _view_name(request)
    return request.page_cache_view in CACHED_VIEWS


#: Views outside the language prefixes that answer in the language the client asks
#: for (``Accept-Language`` or the language cookie), not the prefix's.
NEGOTIATED_LANGUAGE_VIEWS = frozenset({"api-search", "api-search-suggest"})


def page_key(request: HttpRequest) -> str:
    if request.page_cache_view in NEGOTIATED_LANGUAGE_VIEWS:
        language = translation.get_language_from_request(request)
    else:
        language = translation.get_language()
    catalogue, pages = _versions()
    return versioned_key(
        "page", pages, request.scheme, request.get_host(), request.get_full_path(),
        language, currency.chosen_currency(request), version=catalogue,
    )


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith(("text/html", "application/json")):
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a real token went into the text
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return False
    return set(response.cookies) <= {settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME}


def _product_id(response: HttpResponse) -> int | None:
    product = (getattr(response, "context_data", None) or {}).get("product")
    return getattr(product, "pk", None)


CustomerHistoryManager = get_class("customer.history", "CustomerHistoryManager")

PLACEHOLDERS = re.compile(f"({re.escape(CSRF_PLACEHOLDER)}|{re.escape(NONCE_PLACEHOLDER)})".encode())
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
#: As Django's GZipMiddleware: up to this many random bytes pad the gzip header.
GZIP_MAX_RANDOM_BYTES = 100


#: Length of what each placeholder stands for: Django's masked CSRF token (64
#: characters) and django-csp's nonce (16 random bytes in base64, 24 characters).
VALUE_LENGTHS = {CSRF_PLACEHOLDER.encode(): 64, NONCE_PLACEHOLDER.encode(): 24}
#: How far back a deflate match may reach.
DEFLATE_WINDOW = 32 * 1024


def _deflate_piece(data: bytes, history: bytes = b"") -> bytes:
    """Raw deflate of ``data`` ending on a sync flush (byte-aligned, no final
    block), so pieces can be concatenated. With ``history`` (the text that comes
    before it in the page) it may refer back into that text, as one compressor
    over the whole page would: the pieces compress as well as the page does."""
    if history:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS, zdict=history[-DEFLATE_WINDOW:])
    else:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _deflate_texts(texts: list[bytes], placeholders: list[bytes]) -> list[bytes]:
    """Each run of text deflated with the page before it as its history. Where a
    token or nonce will stand, the history holds as many NUL bytes, which no page
    contains: no match can point into the bytes that change per response, and
    every later distance stays right because the values have a fixed length."""
    pieces, history = [], b""
    for index, text in enumerate(texts):
        pieces.append(_deflate_piece(text, history))
        history += text
        if index < len(placeholders):
            history += b"\x00" * VALUE_LENGTHS[placeholders[index]]
        history = history[-DEFLATE_WINDOW:]
    return pieces


def _split(content: bytes) -> tuple[list[bytes], list[bytes]]:
    """``content`` as the runs of text between placeholders, and the placeholders."""
    parts = PLACEHOLDERS.split(content)
    return parts[0::2], parts[1::2]


def _values(request: HttpRequest, placeholders: list[bytes]) -> list[bytes]:
    """This response's CSRF token and CSP nonce for each placeholder (the token
    asked for once: Django then sets the visitor's CSRF cookie)."""
    found = {}
    for placeholder in set(placeholders):
        if placeholder == CSRF_PLACEHOLDER.encode():
            found[placeholder] = get_token(request).encode()
        else:
            found[placeholder] = str(getattr(request, "csp_nonce", "")).encode()
    return [found[placeholder] for placeholder in placeholders]


def _interleave(texts: list[bytes], values: list[bytes]) -> bytes:
    """text, value, text, value, ..., text (one more text than values)."""
    return b"".join(part for pair in zip(texts, [*values, b""], strict=True) for part in pair)


def _fill(request: HttpRequest, texts: list[bytes], placeholders: list[bytes]) -> bytes:
    """The cached text with this response's CSRF token and CSP nonce."""
    return _interleave(texts, _values(request, placeholders))


def _gzipped(request: HttpRequest, entry: dict) -> bytes:
    """One gzip member built from the entry's compressed pieces (module docstring)."""
    values = _values(request, entry["placeholders"])
    plain = _interleave(entry["texts"], values)
    if any(len(value) != VALUE_LENGTHS[placeholder] for value, placeholder in
           zip(values, entry["placeholders"], strict=True)):
        # A token or nonce of another length would shift every later distance.
        return compress_string(plain, max_random_bytes=GZIP_MAX_RANDOM_BYTES)
    padding = b"a" * secrets.randbelow(GZIP_MAX_RANDOM_BYTES) + b"\x00"
    header = b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\xff" + padding  # deflate, FNAME, mtime 0
    body = _interleave(entry["deflated"], [_deflate_piece(value) for value in values])
    trailer = struct.pack("<II", zlib.crc32(plain) & 0xFFFFFFFF, len(plain) & 0xFFFFFFFF)
    return header + body + b"\x03\x00" + trailer


def _compressing() -> bool:
    return "django.middleware.gzip.GZipMiddleware" in settings.MIDDLEWARE


def _entry(content: bytes, headers: list, product_id: int | None) -> dict:
    texts, placeholders = _split(content)
    entry = {"texts": texts, "placeholders": placeholders, "headers": headers, "product_id": product_id}
    if _compressing():
        entry["deflated"] = _deflate_texts(texts, placeholders)
    return entry


def _from_cache(request: HttpRequest, entry: dict) -> HttpResponse:
    if "deflated" in entry and ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(_gzipped(request, entry), status=200)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(_fill(request, entry["texts"], entry["placeholders"]), status=200)
    for name, value in entry["headers"]:
        response.headers[name] = value
    if "deflated" in entry:
        patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _product_viewed(request: HttpRequest, response: HttpResponse, product_id: int) -> None:
    """What Oscar's product page does on every view (its ``product_viewed``
    receivers): count the view (analytics) and remember the product in the
    visitor's recently-viewed cookie.

    The visitor is anonymous (no session), so there is no per-user record. On
    PostgreSQL the count is one round trip: one statement in its own transaction
    whose commit does not wait for the disk (``synchronous_commit`` off for it
    only): it is statistics, and a crash may lose the last fraction of a second
    of counts, never an order or a price. When the counter row is missing (the
    product's first view) Oscar's receiver creates it."""
    product = get_model("catalogue", "Product")(pk=product_id)  # the receivers read only the id
    counted = False
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        table = connection.ops.quote_name(get_model("analytics", "ProductRecord")._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SET LOCAL synchronous_commit TO OFF; "
                f"UPDATE {table} SET num_views = num_views + 1 WHERE product_id = {int(product_id)}"
            )
            cursor.nextset()
            counted = cursor.rowcount == 1
    if not counted:
        receive_product_view(sender=PageCacheMiddleware, product=product, user=request.user)
    CustomerHistoryManager.update(product, request, response)


class PageCacheMiddleware:
    """Serve shared pages from the cache (module docstring). Sits below the CSRF,
    session, message and basket middlewares, whose answers it leaves to them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not stateless(request):
            return self.get_response(request)
        key = page_key(request)
        entry = cache.get(key)
        if entry is not None:
            response = _from_cache(request, entry)
            response.headers["X-Page-Cache"] = "hit"
            if entry["product_id"] is not None:
                _product_viewed(request, response, entry["product_id"])
            return response

        response = self._render_with_placeholders(request)
        if response.streaming or not hasattr(response, "content"):
            return response
        content = response.content
        if _keepable(request, response):
            headers = [(name, value) for name, value in response.headers.items()
                       if name.lower() not in {"content-length", "set-cookie"}]
            cache.set(key, _entry(content, headers, _product_id(response)), TIMEOUT_SECONDS)
            response.headers["X-Page-Cache"] = "miss"
        response.content = _fill(request, *_split(content))
        if response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response

    def _render_with_placeholders(self, request: HttpRequest) -> HttpResponse:
        nonce = getattr(request, "csp_nonce", None)
        request.csp_nonce = NONCE_PLACEHOLDER
        request.page_cache_placeholders = True
        try:
            return self.get_response(request)
        finally:
            request.page_cache_placeholders = False
            if nonce is not None:
                request.csp_nonce = nonce
