"""The NAPAS bank list: each bank's BIN, VietQR code, names, logo and, where its
app takes VietQR deep links, the app's id.

The list is ``data/napas_banks.json``, in the shape of VietQR's public list
(https://api.vietqr.io/v2/banks: ``{"code": "00", "data": [{"id", "name", "code",
"bin", "shortName", "logo", "transferSupported", "lookupSupported"}, …]}``) with
``appId`` added from VietQR's app list (https://api.vietqr.io/v2/android-app-deeplinks).
``manage.py refresh_bank_list`` replaces it from those addresses; nothing here
reaches the network.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

BANK_LIST_PATH = Path(__file__).resolve().parent / "data" / "napas_banks.json"
DEEPLINK_URL = "https://dl.vietqr.io/pay"

#: The banks offered as "open in my banking app" links, most used apps first
#: (by VietQR code); only those whose app id is known are shown.
MAJOR_BANK_CODES = ("VCB", "MB", "TCB", "ICB", "BIDV", "VBA", "ACB", "VPB", "TPB", "STB", "HDB", "VIB")

_BIN = re.compile(r"^[0-9]{6}$")


class BankListInvalid(ValueError):
    """A bank list that is not VietQR's shape (refused before anything is written)."""


@dataclass(frozen=True)
class Bank:
    bin: str
    code: str
    short_name: str
    name: str
    logo: str
    app_id: str | None
    transfer_supported: bool

    def deeplink(self, to_bank: Bank, account_number: str, amount: int, note: str) -> str | None:
        """VietQR's link that opens this bank's app on a transfer to ``account_number``
        at ``to_bank``, amount and note filled in; None when the app takes no such link."""
        if not self.app_id:
            return None
        query = urlencode({"app": self.app_id, "ba": f"{account_number}@{to_bank.code}", "am": int(amount),
                           "tn": note})
        return f"{DEEPLINK_URL}?{query}"


def validate_bank_list(payload: object) -> list[dict]:
    """The banks of a VietQR bank list, or ``BankListInvalid`` saying what is wrong:
    a ``data`` list of banks, each with a six-digit BIN, a code, names and a logo
    address, with no BIN or code twice."""
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        raise BankListInvalid("expected an object with a 'data' list of banks")
    banks = payload["data"]
    if not banks:
        raise BankListInvalid("the list has no banks")
    bins, codes = set(), set()
    for position, bank in enumerate(banks, 1):
        if not isinstance(bank, dict):
            raise BankListInvalid(f"bank {position} is not an object")
        for field in ("name", "code", "bin", "shortName", "logo"):
            if not isinstance(bank.get(field), str) or not bank[field].strip():
                raise BankListInvalid(f"bank {position} has no {field}")
        if not _BIN.match(bank["bin"]):
            raise BankListInvalid(f"bank {position} ({bank['shortName']}): BIN {bank['bin']!r} is not six digits")
        if not bank["logo"].startswith("https://"):
            raise BankListInvalid(f"bank {position} ({bank['shortName']}): the logo is not an https address")
        if bank["bin"] in bins or bank["code"] in codes:
            raise BankListInvalid(f"bank {position} ({bank['shortName']}): its BIN or code is listed twice")
        bins.add(bank["bin"])
        codes.add(bank["code"])
        app_id = bank.get("appId")
        if app_id is not None and (not isinstance(app_id, str) or not re.fullmatch(r"[a-z0-9]+", app_id)):
            raise BankListInvalid(f"bank {position} ({bank['shortName']}): app id {app_id!r} is not a short lower-case id")
    return banks


def _bank(row: dict) -> Bank:
    return Bank(bin=row["bin"], code=row["code"], short_name=row["shortName"], name=row["name"],
                logo=row["logo"], app_id=row.get("appId") or None,
                transfer_supported=bool(row.get("transferSupported", 1)))


@cache
def all_banks() -> tuple[Bank, ...]:
    with BANK_LIST_PATH.open(encoding="utf-8") as handle:
        return tuple(_bank(row) for row in validate_bank_list(json.load(handle)))


@cache
def _by_bin() -> dict[str, Bank]:
    return {bank.bin: bank for bank in all_banks()}


@cache
def _by_code() -> dict[str, Bank]:
    return {bank.code.upper(): bank for bank in all_banks()}


def bank_by_bin(bin_: str) -> Bank | None:
    return _by_bin().get(str(bin_).strip())


def bank_by_code(code: str) -> Bank | None:
    return _by_code().get(str(code).strip().upper())


def app_banks() -> list[Bank]:
    """The major banks whose apps open on a VietQR deep link, most used first."""
    banks = [bank_by_code(code) for code in MAJOR_BANK_CODES]
    return [bank for bank in banks if bank is not None and bank.app_id]


def clear_cache() -> None:
    for cached in (all_banks, _by_bin, _by_code):
        cached.cache_clear()


BANKS_URL = "https://api.vietqr.io/v2/banks"
APPS_URL = "https://api.vietqr.io/v2/android-app-deeplinks"


def refresh_bank_list(fetch_json, path: Path | None = None) -> int:
    """Replace the bank list with VietQR's, the app ids merged in by bank code.
    ``fetch_json(url)`` returns the decoded JSON of an address (injected: tests pass
    a fake). The new list is checked before the file is replaced (written beside it
    and renamed), so a bad download changes nothing. Returns the number of banks."""
    path = Path(path or BANK_LIST_PATH)
    payload = fetch_json(BANKS_URL)
    if isinstance(payload, dict) and payload.get("code") not in (None, "00"):
        raise BankListInvalid(f"VietQR answered {payload.get('code')!r}: {payload.get('desc', '')}")
    banks = validate_bank_list(payload)
    apps = fetch_json(APPS_URL)
    app_rows = apps.get("apps") if isinstance(apps, dict) else None
    if not isinstance(app_rows, list):
        raise BankListInvalid("expected the app list as an object with an 'apps' list")
    app_ids = {str(row.get("appId", "")).upper(): row["appId"] for row in app_rows
               if isinstance(row, dict) and isinstance(row.get("appId"), str)}
    data = [{**bank, "appId": app_ids.get(bank["code"].upper(), bank.get("appId"))} for bank in banks]
    validate_bank_list({"data": data})
    result = {"code": "00", "desc": payload.get("desc", ""), "data": data}
    partial = path.with_suffix(".json.part")
    partial.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)
    clear_cache()
    return len(data)
