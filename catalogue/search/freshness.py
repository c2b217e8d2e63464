"""Cached answers that are shared between buyers and never stale.

What search answers (ids, counts, facets, the API's JSON) depends on every
product's price, stock, certificate state and title. Rather than deleting
entries, each cache key carries the **catalogue version**: a token replaced,
after commit, by the same calls that schedule a reindex (``schedule_reindex``:
the import, certificate revocation, checkout's stock changes, the dashboard), so
the next request after any such change computes a fresh answer under the new
key and the old entries expire unread. Keys also carry today's date (a
certificate lapses at midnight without any write) and whatever else the answer
depends on (language, host, parameters), given by the caller.

The version is a fresh random token, never a counter: if the cache loses it
(eviction, a flush), the next reader mints a new one, so an entry written under
an old version can never be read again.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.utils import timezone

VERSION_KEY = "catalogue:version"
#: How long a cached answer lives at most (the version makes it stale earlier).
TIMEOUT_SECONDS = 10 * 60


def catalogue_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_catalogue_version() -> None:
    """Make every versioned answer stale (call after the change has committed)."""
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def versioned_key(kind: str, *parts: object, version: str | None = None) -> str:
    """A cache key for ``kind`` that changes with the catalogue version, the date
    and ``parts`` (hashed: parameters may be long or contain any character).
    ``version``: the catalogue version when the caller has just read it."""
    digest = hashlib.sha256(
        repr((version or catalogue_version(), timezone.localdate().isoformat(), *parts)).encode()
    ).hexdigest()[:32]
    return f"catalogue:{kind}:{digest}"
