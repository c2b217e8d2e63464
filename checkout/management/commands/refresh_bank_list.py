import json
import urllib.request

from django.core.management.base import BaseCommand, CommandError

from checkout.payment.banks import BANK_LIST_PATH, BankListInvalid, refresh_bank_list


def fetch_json(url: str, timeout: float = 20) -> object:
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "cho-ocop"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


class Command(BaseCommand):
    help = (
        "Replace checkout/payment/data/napas_banks.json with VietQR's bank list "
        "(api.vietqr.io/v2/banks) and its banking apps' deep link ids; the download is "
        "checked before the file is replaced."
    )

    def __init__(self, *args, fetch_json=fetch_json, **kwargs):
        super().__init__(*args, **kwargs)
        self.fetch_json = fetch_json

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(BANK_LIST_PATH), help="where to write the list")

    def handle(self, *args, **options):
        try:
            count = refresh_bank_list(self.fetch_json, options["output"])
        except (BankListInvalid, OSError, ValueError) as error:
            raise CommandError(f"The bank list was not replaced: {error}") from error
        self.stdout.write(f"{count} banks written to {options['output']}")
