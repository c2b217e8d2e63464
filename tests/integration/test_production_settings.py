"""Production settings must pass Django's deployment checklist with only the
environment a real deployment provides."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


PRODUCTION_SECRET = "k" * 20 + "-production-secret-0123456789-abcdefghijklmnop"


def _production(command: list[str], extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    """``python command`` with production settings and only what a deployment sets."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG"))}
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.production",
        ALLOWED_HOSTS="cho-ocop.vn,www.cho-ocop.vn",
        # The checks need no database; a throw-away SQLite path keeps them offline.
        DATABASE_URL="sqlite:////tmp/ocop-deploy-check.sqlite3",
        **extra_env,
    )
    return subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def _manage(*args: str, **extra_env: str) -> subprocess.CompletedProcess:
    return _production(["manage.py", *args], extra_env)


def _run_check(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    return _manage("check", "--deploy", "--fail-level", "WARNING", **extra_env)


def test_production_settings_pass_check_deploy():
    result = _run_check({"SECRET_KEY": PRODUCTION_SECRET})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_check({})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_installs_no_demo():
    result = _manage("help", "--commands", SECRET_KEY=PRODUCTION_SECRET)
    assert result.returncode == 0, result.stderr
    commands = result.stdout.split()
    assert "import_products" in commands and "setup_producer_section" in commands
    assert "load_demo" not in commands and "load_cms_demo" not in commands


def test_health_check_answers_over_plain_http_where_pages_redirect_to_https():
    """A load balancer probes gunicorn directly, without TLS: /healthz/ is exempt from
    the HTTPS redirect that every page gets."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='cho-ocop.vn')\n"
        "print(client.get('/healthz/').status_code, client.get('/search/').status_code)\n"
    )
    result = _production(["-c", script], {"SECRET_KEY": PRODUCTION_SECRET})
    assert result.stdout.strip().splitlines()[-1].split() == ["200", "301"], result.stdout + result.stderr


def test_production_keeps_connections_sessions_in_redis_and_compiled_templates():
    """Issue 16: persistent, health-checked database connections; sessions in the
    cache (written through to the database) when Redis is configured; templates
    compiled once per process."""
    probe = (
        "from django.conf import settings as s; db = s.DATABASES['default']; "
        "print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'], s.SESSION_ENGINE, "
        "s.CACHES['default']['BACKEND'], s.TEMPLATES[0]['OPTIONS']['loaders'][0][0])"
    )
    result = _manage("shell", "-c", probe, SECRET_KEY=PRODUCTION_SECRET, REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "600", "True", "django.contrib.sessions.backends.cached_db", "django_redis.cache.RedisCache",
        "django.template.loaders.cached.Loader",
    ]
