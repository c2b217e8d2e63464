"""The navigation menu's cache version: replaced whenever a category is saved or
deleted (Oscar's dashboard and the admin write categories, so the hook is the
model's signals), after the change commits."""

import secrets

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "catalogue:menu:version"


def menu_key(language: str) -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return f"catalogue:menu:{version}:{language}"


def categories_changed(**kwargs) -> None:
    transaction.on_commit(lambda: cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None))
