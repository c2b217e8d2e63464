"""Settings shared by every environment.

Values that differ between machines come from the environment (12-factor); each
environment module (dev, test, production) imports this one and adjusts it.
"""

import copy
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.defaults import *  # noqa: F401,F403  (Oscar's settings are the base we adjust)

from marketplace.order.statuses import LineStatus, OrderStatus

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so their templates and commands win.
    "marketplace.apps.MarketplaceConfig",
    "marketplace.accounts.apps.AccountsConfig",
    "marketplace.regions.apps.RegionsConfig",
    "marketplace.producers.apps.ProducersConfig",
    "marketplace.producers.dashboard.apps.ProducerDashboardConfig",
    "marketplace.sales_points.dashboard.apps.SalesPointDashboardConfig",
    "marketplace.sales_points.apps.SalesPointsConfig",
    "cms.apps.CmsConfig",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.humanize",
    "django.forms",  # form widget templates can be overridden (TemplatesSetting)
    # Oscar, with our forks listed by their AppConfig path
    "oscar.config.Shop",
    "oscar.apps.analytics.apps.AnalyticsConfig",
    "checkout.apps.CheckoutConfig",
    "oscar.apps.address.apps.AddressConfig",
    "marketplace.shipping.apps.ShippingConfig",
    "catalogue.apps.CatalogueConfig",
    "oscar.apps.catalogue.reviews.apps.CatalogueReviewsConfig",
    "oscar.apps.communication.apps.CommunicationConfig",
    "marketplace.partner.apps.PartnerConfig",
    "oscar.apps.basket.apps.BasketConfig",
    "oscar.apps.payment.apps.PaymentConfig",
    "oscar.apps.offer.apps.OfferConfig",
    "marketplace.order.apps.OrderConfig",
    "marketplace.payouts.apps.PayoutsConfig",
    "oscar.apps.customer.apps.CustomerConfig",
    "oscar.apps.search.apps.SearchConfig",
    "oscar.apps.voucher.apps.VoucherConfig",
    "oscar.apps.wishlists.apps.WishlistsConfig",
    "oscar.apps.dashboard.apps.DashboardConfig",
    "marketplace.reports.dashboard.apps.ReportsDashboardConfig",
    "oscar.apps.dashboard.users.apps.UsersDashboardConfig",
    "marketplace.order.dashboard.apps.OrdersDashboardConfig",
    "catalogue.dashboard.apps.CatalogueDashboardConfig",
    "oscar.apps.dashboard.offers.apps.OffersDashboardConfig",
    "oscar.apps.dashboard.partners.apps.PartnersDashboardConfig",
    "oscar.apps.dashboard.pages.apps.PagesDashboardConfig",
    "oscar.apps.dashboard.ranges.apps.RangesDashboardConfig",
    "oscar.apps.dashboard.reviews.apps.ReviewsDashboardConfig",
    "oscar.apps.dashboard.vouchers.apps.VouchersDashboardConfig",
    "oscar.apps.dashboard.communications.apps.CommunicationsDashboardConfig",
    "marketplace.shipping.dashboard.apps.ShippingDashboardConfig",
    "checkout.reconciliation.dashboard.apps.ReconciliationDashboardConfig",
    "widget_tweaks",
    "haystack",
    "treebeard",
    "sorl.thumbnail",
    "django_tables2",
    # Wagtail (no "search" project app: its label would clash with Oscar's search app)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # API
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Login throttling (every login form and the API's password authentication)
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "marketplace.middleware.ContentSecurityPolicyMiddleware",
    # Before the middlewares that set cookies (responses run bottom-up).
    "marketplace.middleware.SameSiteCookiesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "marketplace.middleware.MalformedIdMiddleware",
    "marketplace.basket.middleware.BasketMiddleware",
    # Below CSRF, sessions, messages and the basket: shared pages for stateless visitors.
    "marketplace.page_cache.PageCacheMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.media",
                "django.template.context_processors.static",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oscar.apps.search.context_processors.search_form",
                "oscar.apps.checkout.context_processors.checkout",
                "oscar.apps.communication.notifications.context_processors.notifications",
                "oscar.core.context_processors.metadata",
                "marketplace.context_processors.display_currency",
                "marketplace.context_processors.csrf_placeholder",
            ],
        },
    },
]

# Widgets render through TEMPLATES, so templates/ can override Oscar's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite is the embedded default; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite allows one writer at a time; concurrent checkouts must queue for it, not
    # fail with "database is locked". A transaction that reads first and writes later
    # (every placement) cannot be granted the write lock while another holds it, and
    # SQLite fails it at once whatever the timeout; IMMEDIATE takes the lock when the
    # transaction begins, where SQLite waits up to `timeout` seconds for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = (
    # First: refuses every attempt while the account (from this address) or the
    # address is locked out, whichever login form or API the password came through.
    "axes.backends.AxesStandaloneBackend",
    "marketplace.accounts.backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"

# The shop's public address: absolute links in emails (password reset, order and
# account emails) and the django.contrib.sites Site (``manage.py sync_site``).
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
OSCAR_URL_SCHEMA = urlsplit(SITE_URL).scheme or "https"

# Login throttling (django-axes). Failures count per (account, address) pair, so an
# attacker cannot lock a customer out from elsewhere, and per address, so one
# address cannot try many accounts; a lockout lasts LOGIN_LOCKOUT_MINUTES after the
# last failure. Operators unlock in Django admin (Axes → Access attempts) or with
# ``manage.py axes_reset_username EMAIL`` / ``axes_reset_ip ADDRESS``.
LOGIN_FAILURES_PER_ACCOUNT = int(env("LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(env("LOGIN_FAILURES_PER_ADDRESS", "30"))
LOGIN_LOCKOUT_MINUTES = int(env("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_HANDLER = "marketplace.accounts.throttling.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURES_PER_ACCOUNT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "marketplace.accounts.throttling.login_identifier"
AXES_LOCKOUT_CALLABLE = "marketplace.accounts.throttling.lockout_response"
# Behind PROXY_COUNT reverse proxies the client's address is the one the nearest
# proxy appended to X-Forwarded-For; with none, REMOTE_ADDR.
PROXY_COUNT = int(env("PROXY_COUNT", "0"))
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

# Cookies: SameSite on every cookie (Django's, Oscar's basket and history cookies,
# the language cookie; SameSiteCookiesMiddleware adds it where a library omits it).
# Lax keeps the buyer's session when Stripe sends them back to the shop.
COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = COOKIE_SAMESITE

# Content-Security-Policy (django-csp), in every environment so the browser suite
# runs under it. Scripts come from the shop's origin or carry the request's nonce;
# Stripe's Payment Element loads from js.stripe.com, talks to api.stripe.com and
# opens frames on js/hooks.stripe.com. Styles allow inline attributes (Wagtail's
# and Oscar's admin screens set them). The hashes allow exactly Oscar's fixed
# "back", "close" and "print" link handlers (its form and error templates), the
# only inline handlers left; any other inline script needs the nonce. Bank logos
# on the VietQR payment instructions come from VietQR (checkout/payment/banks.py).
STRIPE_JS_ORIGINS = ["https://js.stripe.com", "https://*.js.stripe.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [
            SELF, NONCE, *STRIPE_JS_ORIGINS, UNSAFE_HASHES,
            "'sha256-NqaPugiVKFsqU2P8L2sjJSLsiSKaQB+C9S5V0ZiRxfc='",  # window.history.go(-1);return false
            "'sha256-gZHW0ZTdDBnW8n/Qf9lGuwm2LvPkTQwflpfLAabDyMQ='",  # history.go(-1);return false
            "'sha256-jT+D+kdRwqBci9k8jWtVNp+HR3GntLaboGVzqI/tkXY='",  # javascript:history.go(-1);
            "'sha256-KfMr/znHoNXbaysXJVVD9BDDdgwELnZLrjgLxMfySJE='",  # window.close();return false;
            "'sha256-MguIPR6qNR8D3B+eAlK+bIRTZe8t3wkOY4B/56Me9FU='",  # window.print()
        ],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https://*.stripe.com", "https://api.vietqr.io"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF, "https://api.stripe.com"],
        "frame-src": [SELF, *STRIPE_JS_ORIGINS, "https://hooks.stripe.com"],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Wagtail's admin writes inline scripts without a nonce: under /cms/ scripts may be
# inline (CMSContentSecurityPolicyMiddleware); everything else stays as above.
CSP_INLINE_SCRIPT_PREFIXES = ("/cms/",)

# Languages: Vietnamese first, English complete.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Cache: Redis when REDIS_URL is set (production), local memory otherwise.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Shared pages (home, catalogue, product, search, stories, the search API) are
# served from the cache to visitors without a session, basket or message
# (marketplace/page_cache.py). Its freshness keys live in the cache too: with more
# than one web process, the cache must be shared (Redis), as in production.
PAGE_CACHE = env_bool("PAGE_CACHE", True)

# Email
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Chợ OCOP <no-reply@cho-ocop.vn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: django-tasks. The immediate backend runs tasks in-process (dev,
# tests); production uses the database backend and a `db_worker` process.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Oscar
OSCAR_SHOP_NAME = "Chợ OCOP"
OSCAR_SHOP_TAGLINE = _("Certified One Commune One Product goods from every province")
# "Home" links (brand, breadcrumbs) go to the Wagtail home page, in the active language.
OSCAR_HOMEPAGE = reverse_lazy("home")
OSCAR_DEFAULT_CURRENCY = "VND"
OSCAR_DYNAMIC_CLASS_LOADER = "marketplace.loading.class_loader"


def _with_delivery_fees(navigation: list) -> list:
    """Oscar's dashboard menu with the delivery fee table and the operators' bank
    statements under Fulfilment."""
    from marketplace.producers.dashboard.nav import not_for_producers

    menu = copy.deepcopy(navigation)
    for section in menu:
        if section.get("icon") == "fas fa-shopping-cart":  # Fulfilment
            section["label"] = _("Fulfilment")  # our wording in Vietnamese
            section["children"].append(
                {"label": _("Delivery fees"), "url_name": "dashboard:shipping-zone-list"}
            )
            section["children"].append(
                {"label": _("Refunds due"), "url_name": "dashboard:order-refunds-due"}
            )
            section["children"].append(
                {"label": _("Bank statements"), "url_name": "reconciliation-dashboard:statement-list",
                 "access_fn": not_for_producers}
            )
    return menu


def _with_ocop_certificates(navigation: list) -> list:
    """The OCOP certificates (QR codes, labels, scans) under Catalogue, whose
    Products are the operators' (producers have "Your shop"); Reports
    becomes a section: Oscar's reports, the programme's figures, lapsed scans."""
    from marketplace.producers.dashboard.nav import not_for_producers

    menu = copy.deepcopy(navigation)
    for section in menu:
        if section.get("icon") == "fas fa-sitemap":  # Catalogue
            for child in section["children"]:
                if child.get("url_name") == "dashboard:catalogue-product-list":
                    child["access_fn"] = not_for_producers  # they have "Your shop"
            section["children"].insert(
                1, {"label": _("OCOP certificates"), "url_name": "dashboard:catalogue-certificate-list"}
            )
        if section.get("url_name") == "dashboard:reports-index":
            del section["url_name"]
            section["children"] = [
                {"label": _("Reports"), "url_name": "dashboard:reports-index"},
                {"label": _("OCOP programme figures"), "url_name": "dashboard:reports-ocop-figures"},
                {"label": _("Scans of lapsed certificates"), "url_name": "dashboard:reports-ocop-lapsed-scans"},
            ]
    return menu


def _with_producer_pages(navigation: list) -> list:
    """The producer's own pages first (only producers see them), and the operators'
    producer pages (invitations, name changes to review)."""
    from marketplace.producers.dashboard.nav import producer_only, reviewer_only

    own = {
        "label": _("Your shop"),
        "icon": "fas fa-store",
        "children": [
            {"label": _("Home"), "url_name": "producer-dashboard:producer-home", "access_fn": producer_only},
            {"label": _("Add a product"), "url_name": "producer-dashboard:producer-product-create",
             "access_fn": producer_only},
            {"label": _("Your team"), "url_name": "producer-dashboard:producer-team", "access_fn": producer_only},
            {"label": _("Certificate applications"), "url_name": "producer-dashboard:application-list",
             "access_fn": producer_only},
            {"label": _("Sales report"), "url_name": "producer-dashboard:sales-report", "access_fn": producer_only},
            {"label": _("Money"), "url_name": "producer-dashboard:producer-money", "access_fn": producer_only},
        ],
    }
    operators = {
        "label": _("Producers"),
        "icon": "fas fa-seedling",
        "children": [
            {"label": _("Invite a producer's user"), "url_name": "producer-dashboard:producer-operator-invite"},
            {"label": _("Name changes to review"), "url_name": "producer-dashboard:producer-listing-changes",
             "access_fn": reviewer_only},
            {"label": _("Certificate applications"), "url_name": "producer-dashboard:application-list",
             "access_fn": reviewer_only},
            {"label": _("Sales report"), "url_name": "producer-dashboard:sales-report", "access_fn": reviewer_only},
            {"label": _("Payout statements"), "url_name": "producer-dashboard:payout-statements"},
            {"label": _("Bank accounts to confirm"), "url_name": "producer-dashboard:payout-bank-accounts"},
            {"label": _("Commission rates"), "url_name": "producer-dashboard:commission-rates"},
            {"label": _("Payouts report"), "url_name": "producer-dashboard:payout-report"},
        ],
    }
    return [own, _sales_point_pages(), *navigation, operators]


def _sales_point_pages() -> dict:
    """A sales point's staff: their pick-ups and stock take (only they see them);
    operators: every point."""
    from marketplace.sales_points.dashboard.nav import sales_point_staff_only

    return {
        "label": _("Your sales point"),
        "icon": "fas fa-store-alt",
        "children": [
            {"label": _("Pick-ups"), "url_name": "sales-point-dashboard:home", "access_fn": sales_point_staff_only},
            {"label": _("Stock take"), "url_name": "sales-point-dashboard:stock-home",
             "access_fn": sales_point_staff_only},
            # Operators (is_staff, the URL's permission): every point, to add and edit.
            {"label": _("All sales points"), "url_name": "sales-point-dashboard:point-list"},
        ],
    }


OSCAR_DASHBOARD_NAVIGATION = _with_producer_pages(
    _with_ocop_certificates(_with_delivery_fees(OSCAR_DASHBOARD_NAVIGATION))
)
# "Đèn trang trí" → "den-trang-tri" (Django's slugify cannot decompose đ/Đ).
OSCAR_SLUG_MAP = {"đ": "d", "Đ": "D"}
# "120.000 ₫" in both languages: whole đồng, dot thousands, symbol after.
OSCAR_CURRENCY_FORMAT = {"VND": {"format": "#,##0\u00a0¤", "locale": "vi_VN"}}
# Approximate prices for tourists ("≈ US$4.58 approx." next to the price in đồng):
# đồng per unit of each currency offered, as "USD=26300,EUR=30500,...". Sales and
# payments stay in đồng; update the rates now and then (marketplace.currency).
CURRENCY_RATES = {
    code.strip().upper(): rate.strip()
    for code, rate in (
        item.split("=", 1)
        for item in env_list(
            "CURRENCY_RATES",
            "USD=26300,EUR=30500,KRW=18,JPY=170,CNY=3650,AUD=17200,THB=800",
        )
    )
}
OSCAR_FROM_EMAIL = DEFAULT_FROM_EMAIL
OSCAR_ALLOW_ANON_CHECKOUT = True
# Reviews: only buyers who received the product (catalogue.verified_purchase), shown
# once an operator approved them.
OSCAR_ALLOW_ANON_REVIEWS = False
OSCAR_MODERATE_REVIEWS = True
# Stock alerts go out from `manage.py oscar_send_alerts`, not inside stock updates.
OSCAR_EAGER_ALERTS = False
OSCAR_PRODUCTS_PER_PAGE = 24
OSCAR_MISSING_IMAGE_URL = "image_not_found.jpg"
OSCAR_THUMBNAILER = "oscar.core.thumbnails.SorlThumbnail"
OSCAR_REQUIRED_ADDRESS_FIELDS = ("first_name", "line1", "line4", "country")
# Haystack stays installed because Oscar imports it, but does nothing: our own
# search service (catalogue.search) serves every list and search page.
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
THUMBNAIL_DEBUG = False
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"

#: The shop's public address: absolute links in emails, Wagtail, QR codes and labels.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
#: How long browsers and CDNs may keep a certificate's verification page (seconds): a
#: revocation or an expiry shows after at most this long.
VERIFY_CACHE_SECONDS = int(env("VERIFY_CACHE_SECONDS", "300"))

# Wagtail
WAGTAIL_SITE_NAME = "Chợ OCOP"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
# The admin calls no outside host (nor would the Content-Security-Policy let it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Search (the shop's products). Unset ELASTICSEARCH_URL = database backend.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", "ocop")

# Payments: each method switches itself on from its settings.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
#: A card payment that succeeded but whose buyer never came back to place the order
#: is refunded after this many minutes (needs a task backend that can defer).
STRIPE_UNPLACED_REFUND_MINUTES = int(env("STRIPE_UNPLACED_REFUND_MINUTES", "30"))
# VNPay (domestic cards, ATM/bank accounts, VNPAY-QR): on when the merchant code,
# the hash secret and the payment page URL are set. The API URL (querydr, refund) is
# https://sandbox.vnpayment.vn/merchant_webapi/api/transaction in the sandbox.
VNPAY_TMN_CODE = env("VNPAY_TMN_CODE")
VNPAY_HASH_SECRET = env("VNPAY_HASH_SECRET")
VNPAY_PAYMENT_URL = env("VNPAY_PAYMENT_URL")
VNPAY_API_URL = env("VNPAY_API_URL")
#: How long the buyer has on VNPay's page before the payment link expires.
VNPAY_EXPIRE_MINUTES = int(env("VNPAY_EXPIRE_MINUTES", "15"))
# A VNPay payment confirmed this long ago with no order (the buyer never came back
# from VNPay's page) is refunded by ``manage.py settle_unplaced_payments``.
VNPAY_UNPLACED_REFUND_MINUTES = int(env("VNPAY_UNPLACED_REFUND_MINUTES", "30"))
# VietQR bank transfer: on when the shop's account is configured (BIN = the bank's
# NAPAS code, e.g. 970436 for Vietcombank).
VIETQR_BANK_BIN = env("VIETQR_BANK_BIN")
VIETQR_ACCOUNT_NUMBER = env("VIETQR_ACCOUNT_NUMBER")
VIETQR_ACCOUNT_NAME = env("VIETQR_ACCOUNT_NAME")
#: An order whose transfer has not arrived after this many hours is cancelled by
#: ``manage.py cancel_unpaid_transfers`` (run it hourly).
VIETQR_PAYMENT_WINDOW_HOURS = int(env("VIETQR_PAYMENT_WINDOW_HOURS", "48"))

# Home delivery: the fee of the destination province's zone (shipping.ShippingZone,
# edited in the dashboard under Fulfilment → Delivery fees), this fee where a province
# has no zone, free from a total.
SHIPPING_DEFAULT_FEE_VND = int(env("SHIPPING_DEFAULT_FEE_VND", "35000"))
FREE_SHIPPING_THRESHOLD_VND = int(env("FREE_SHIPPING_THRESHOLD_VND", "500000"))
# Expected delivery time (days) to a province in no zone, as "min,max".
SHIPPING_DEFAULT_DELIVERY_DAYS = tuple(int(d) for d in env_list("SHIPPING_DEFAULT_DELIVERY_DAYS", "3,7"))

# Each line belongs to one producer, who moves it along; the order's status is
# derived from its lines (marketplace.order.fulfilment).
OSCAR_INITIAL_ORDER_STATUS = OrderStatus.CONFIRMED
OSCAR_INITIAL_LINE_STATUS = LineStatus.CONFIRMED
OSCAR_LINE_STATUS_PIPELINE = {
    # Confirmed → shipped in one step records "packed" on the way.
    LineStatus.CONFIRMED: (LineStatus.PACKED, LineStatus.SHIPPED, LineStatus.CANCELLED),
    LineStatus.PACKED: (LineStatus.SHIPPED, LineStatus.CANCELLED),
    LineStatus.SHIPPED: (LineStatus.DELIVERED,),
    LineStatus.DELIVERED: (),
    LineStatus.CANCELLED: (),
}
OSCAR_ORDER_STATUS_PIPELINE = {
    OrderStatus.CONFIRMED: (OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.CANCELLED),
    OrderStatus.PROCESSING: (OrderStatus.CONFIRMED, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.CANCELLED),
    OrderStatus.SHIPPED: (OrderStatus.PROCESSING, OrderStatus.DELIVERED, OrderStatus.CANCELLED),
    OrderStatus.DELIVERED: (),
    OrderStatus.CANCELLED: (),
}

# Uploaded recognition-decision scans. Scans sent with certificate applications
# are kept outside MEDIA_ROOT (never served by the web server) and reach only the
# producer and OCOP officers through a permission-checked view.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
#: Name of the group of OCOP officers who review certificate applications.
OCOP_OFFICERS_GROUP = "OCOP officers"
CERTIFICATE_SCAN_MAX_BYTES = int(env("CERTIFICATE_SCAN_MAX_BYTES", str(10 * 1024 * 1024)))

REST_FRAMEWORK = {
    # Basic authentication checks passwords, so it goes through login throttling.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "marketplace.accounts.api.ThrottledBasicAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chợ OCOP API",
    "VERSION": "1.0.0",
    "PREPROCESSING_HOOKS": ["marketplace.api.public_api_endpoints"],
    # Swagger UI's files come from drf-spectacular-sidecar, served by us (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from validator.swagger.io: the policy allows images from the shop
    # only, and the docs should not send our schema's address elsewhere.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# The sales points' token API: requests per token (DRF rate: "120/min", "10/s"),
# and the largest body accepted (bytes; larger → 413).
SALES_POINT_API_RATE = env("SALES_POINT_API_RATE", "120/min")
SALES_POINT_API_MAX_BODY = int(env("SALES_POINT_API_MAX_BODY", str(1024 * 1024)))
#: Days a click-and-collect order waits at its sales point before the daily
#: ``release_uncollected_pickups`` command cancels it and frees its stock.
CLICK_AND_COLLECT_HOLD_DAYS = int(env("CLICK_AND_COLLECT_HOLD_DAYS", "7"))

# Producer payouts (docs/payouts.md): days a delivered, paid line's money is held
# (for returns) before it can be paid out; the smallest statement, in đồng; the
# commission when no CommissionRate applies, in percent.
PAYOUT_HOLDING_DAYS = int(env("PAYOUT_HOLDING_DAYS", "7"))
PAYOUT_MINIMUM_VND = int(env("PAYOUT_MINIMUM_VND", "200000"))
PAYOUT_DEFAULT_COMMISSION_PERCENT = env("PAYOUT_DEFAULT_COMMISSION_PERCENT", "10")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per task run is noise at INFO; failures still show.
        "django_tasks": {"level": "WARNING"},
        # Failed logins and lockouts show at WARNING; every successful one is noise.
        "axes": {"level": "WARNING"},
    },
}
