"""Settings for the test suite: fast hashing, in-process tasks, throw-away media."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
# The demo loader is tested too (tests/integration/test_demo_loader.py).
INSTALLED_APPS = [*INSTALLED_APPS, "marketplace.demo.apps.DemoConfig"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="ocop-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="ocop-test-private-")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole-page caching is switched on where it is tested (tests/integration/test_page_cache.py)
# and for the browser journeys (tests/functional/conftest.py), whose writes commit: other
# tests write inside a transaction that never commits, and read the response's context.
PAGE_CACHE = False
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
ALLOWED_HOSTS = ["*"]
# Tests never reach Stripe or any other host; payment tests set their own keys.
STRIPE_SECRET_KEY = None
STRIPE_PUBLISHABLE_KEY = None
STRIPE_WEBHOOK_SECRET = None
VNPAY_TMN_CODE = None
VNPAY_HASH_SECRET = None
VNPAY_PAYMENT_URL = None
VNPAY_API_URL = None

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A test database file next to the configured one, not Django's shared in-memory
    # database: threads (the checkout race) need SQLite's own locking, which the
    # in-memory shared cache replaces with table locks that never wait.
    _name = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": str(_name.with_name(f"{_name.stem}-test.sqlite3"))}
    # A throw-away database: no need to wait for the disk at every commit.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA synchronous = OFF"
