"""The NAPAS bank list (checkout/payment/data/napas_banks.json), its lookups, the
banking apps' deep links and ``refresh_bank_list`` (a fake fetcher: no network)."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from checkout.management.commands.refresh_bank_list import Command
from checkout.payment import banks


@pytest.mark.parametrize("bin_, short_name, code", [
    ("970436", "Vietcombank", "VCB"), ("970415", "VietinBank", "ICB"), ("970418", "BIDV", "BIDV"),
    ("970405", "Agribank", "VBA"), ("970407", "Techcombank", "TCB"), ("970422", "MBBank", "MB"),
    ("970416", "ACB", "ACB"), ("970432", "VPBank", "VPB"), ("970423", "TPBank", "TPB"),
    ("970403", "Sacombank", "STB"),
])
def test_major_banks_by_bin_and_code(bin_, short_name, code):
    bank = banks.bank_by_bin(bin_)
    assert bank.short_name == short_name and bank.code == code and bank.logo.startswith("https://")
    assert banks.bank_by_code(code.lower()) == bank


def test_the_list_is_the_whole_napas_list_without_repeats():
    everyone = banks.all_banks()
    assert len(everyone) >= 60
    assert len({bank.bin for bank in everyone}) == len({bank.code for bank in everyone}) == len(everyone)
    assert banks.bank_by_bin("999999") is None and banks.bank_by_code("NOPE") is None


def test_app_links_open_the_transfer_to_the_shops_account_filled_in():
    shop_bank = banks.bank_by_bin("970436")
    apps = banks.app_banks()
    assert [bank.code for bank in apps[:4]] == ["VCB", "MB", "TCB", "ICB"]
    link = banks.bank_by_code("MB").deeplink(shop_bank, "0011001932418", 345_000, "OCOP100023K")
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "dl.vietqr.io", "/pay")
    assert parse_qs(parts.query) == {"app": ["mb"], "ba": ["0011001932418@VCB"], "am": ["345000"],
                                     "tn": ["OCOP100023K"]}
    assert banks.bank_by_code("KBHN").deeplink(shop_bank, "1", 1, "x") is None


def vietqr_lists(**bank_overrides):
    bank = {"id": 43, "name": "Ngân hàng TMCP Ngoại Thương Việt Nam", "code": "VCB", "bin": "970436",
            "shortName": "Vietcombank", "logo": "https://api.vietqr.io/img/VCB.png",
            "transferSupported": 1, "lookupSupported": 1, **bank_overrides}
    other = {"id": 21, "name": "Ngân hàng TMCP Quân đội", "code": "MB", "bin": "970422", "shortName": "MBBank",
             "logo": "https://api.vietqr.io/img/MB.png", "transferSupported": 1, "lookupSupported": 1}
    return {
        banks.BANKS_URL: {"code": "00", "desc": "Get Bank list successful! Total 2 banks", "data": [bank, other]},
        banks.APPS_URL: {"apps": [{"appId": "vcb", "appName": "Vietcombank"}, {"appId": "bidv"}]},
    }


def test_refresh_writes_the_fetched_list_with_app_ids(tmp_path):
    target = tmp_path / "napas_banks.json"
    fetched = vietqr_lists()
    try:
        call_command(Command(fetch_json=fetched.__getitem__), output=str(target))
        written = json.loads(target.read_text(encoding="utf-8"))
    finally:
        banks.clear_cache()
    assert [(b["code"], b["bin"], b["appId"]) for b in written["data"]] == [("VCB", "970436", "vcb"),
                                                                               ("MB", "970422", None)]
    assert written["code"] == "00"


@pytest.mark.parametrize("overrides, message", [
    ({"bin": "97043"}, "is not six digits"),
    ({"bin": "970422"}, "listed twice"),
    ({"logo": "http://api.vietqr.io/img/VCB.png"}, "https"),
    ({"shortName": ""}, "has no shortName"),
])
def test_a_malformed_download_leaves_the_file_alone(tmp_path, overrides, message):
    target = tmp_path / "napas_banks.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command(Command(fetch_json=vietqr_lists(**overrides).__getitem__), output=str(target))
    assert target.read_text(encoding="utf-8") == "old"


def test_a_failed_download_leaves_the_file_alone(tmp_path):
    target = tmp_path / "napas_banks.json"
    target.write_text("old", encoding="utf-8")

    def offline(url):
        raise OSError("Network is unreachable")

    with pytest.raises(CommandError, match="unreachable"):
        call_command(Command(fetch_json=offline), output=str(target))
    with pytest.raises(CommandError, match="answered"):
        call_command(Command(fetch_json={banks.BANKS_URL: {"code": "11", "desc": "Bad"}}.__getitem__),
                     output=str(target))
    assert target.read_text(encoding="utf-8") == "old"
