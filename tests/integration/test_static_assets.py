"""Static files in production: after ``collectstatic`` (WhiteNoise's compressed manifest
storage) a page's stylesheet is served under a hashed name, compressed, and cacheable
for at least a year; the shop's pages no longer need FontAwesome's font."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalogue.templatetags.ocop_icons import ICONS, icon

ROOT = Path(__file__).resolve().parents[2]

ONE_YEAR = 365 * 24 * 3600

#: Run with production settings after collectstatic: fetch a hashed static file through
#: the project's middleware (Django's test client) and report what a browser receives.
PROBE = r"""
import gzip, json, os
import django
django.setup()
from django.templatetags.static import static
from django.test import Client

url = static("css/ocop.css")
client = Client()
plain = client.get(url)
zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
body = b"".join(zipped.streaming_content)
if zipped.get("Content-Encoding") == "gzip":
    body = gzip.decompress(body)
print(json.dumps({
    "url": url,
    "status": plain.status_code,
    "cache_control": plain.get("Cache-Control", ""),
    "encoding": zipped.get("Content-Encoding", ""),
    "vary": zipped.get("Vary", ""),
    "plain_length": int(plain["Content-Length"]),
    "zipped_length": int(zipped["Content-Length"]),
    "decoded_is_source": body == open(os.path.join(os.environ["PROJECT_ROOT"], "static/css/ocop.css"), "rb").read(),
}))
"""


def test_production_serves_hashed_static_files_compressed_with_far_future_cache(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "DEBUG"))}
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.production",
        SECRET_KEY="s" * 20 + "-static-assets-test-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        PROJECT_ROOT=str(ROOT),
    )
    collect = subprocess.run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert collect.returncode == 0, collect.stdout + collect.stderr
    assert list((tmp_path / "static" / "css").glob("ocop.*.css.gz")), "no gzip variant of the hashed stylesheet"

    probe = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=120)
    assert probe.returncode == 0, probe.stdout + probe.stderr
    served = json.loads(probe.stdout.strip().splitlines()[-1])

    # A hashed name (css/ocop.<hash>.css), so a new deployment changes the URL.
    name = served["url"].rsplit("/", 1)[1]
    assert name.startswith("ocop.") and name.endswith(".css") and len(name.split(".")) == 3, served["url"]
    assert served["status"] == 200
    max_age = int(served["cache_control"].split("max-age=")[1].split(",")[0])
    assert max_age >= ONE_YEAR, served["cache_control"]
    assert "public" in served["cache_control"] and "immutable" in served["cache_control"], served["cache_control"]
    assert served["encoding"] == "gzip" and "Accept-Encoding" in served["vary"]
    assert served["zipped_length"] < served["plain_length"] / 2
    assert served["decoded_is_source"]


def test_icons_are_inline_svg_hidden_from_assistive_technology():
    svg = icon("cart")
    assert svg.startswith('<svg class="ocop-icon ocop-icon--cart"') and 'aria-hidden="true"' in svg
    assert f'd="{ICONS["cart"]}"' in svg and "style=" not in svg
    with pytest.raises(KeyError):
        icon("no-such-icon")


@pytest.mark.django_db
def test_shop_pages_use_no_fontawesome_icons(client):
    """The header (every buyer page) and the home page draw their icons inline; an
    ``fa-`` class would make the browser download FontAwesome's 111 KiB font."""
    response = client.get("/", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="ocop-icon ocop-icon--cart"' in html
    assert "fa-" not in html and 'class="ocop-icon' in html


def test_checkout_steps_draw_no_font_icons(rf):
    from django.template.loader import render_to_string

    html = render_to_string("oscar/checkout/nav.html", {"step": 3}, request=rf.get("/"))
    assert "fa-" not in html and 'class="ocop-icon' in html
