"""Vietnamese is the default language: every message of ours is translated, and the
compiled catalogue the shop loads (``django.mo``) matches the source (``django.po``).

A fuzzy or empty entry is silently shown in English on a Vietnamese page, so this
fails on either, and on a ``.po`` edited without ``compilemessages``."""

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"


def po_entries(path: Path) -> list[dict]:
    """A small reader of the PO format (enough for what makemessages writes)."""
    entries, entry, key = [], {"flags": set()}, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = [e for e in po_entries(LOCALE / "django.po") if e["msgid"]]
    assert len(entries) > 300
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [
        e["msgid"] for e in entries
        if not any(value for key, value in e.items() if key.startswith("msgstr"))
    ]
    assert fuzzy == [] and untranslated == []


def test_the_compiled_catalogue_matches_the_source():
    with open(LOCALE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in po_entries(LOCALE / "django.po"):
        if not entry["msgid"]:
            continue
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if "msgid_plural" in entry:
            expected, compiled = entry["msgstr[0]"], catalogue.get((key, 0))
        else:
            expected, compiled = entry["msgstr"], catalogue.get(key)
        if compiled != expected:
            stale.append(entry["msgid"])
    assert stale == [], "run: manage.py compilemessages -l vi"
