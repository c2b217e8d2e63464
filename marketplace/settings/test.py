"""Settings for the test suite: fast hashing, in-process tasks, throw-away media."""

import tempfile

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
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
ALLOWED_HOSTS = ["*"]
# Tests never reach Stripe or any other host; payment tests set their own keys.
STRIPE_SECRET_KEY = None
STRIPE_PUBLISHABLE_KEY = None
STRIPE_WEBHOOK_SECRET = None
