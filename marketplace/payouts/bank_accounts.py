"""Producers' bank accounts: a producer enters an account (or a new one), it
waits until an operator confirms it, and statements are paid only to the
confirmed account. Every request and decision is logged (``BankAccountChange``:
old → new, who asked and when, who decided and when).

Which BINs exist is the NAPAS list's business (``checkout.payment.banks``, a
layer above): the producer's form offers only those banks.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.payouts.models import BankAccountChange, BankAccountStatus, ProducerBankAccount
from marketplace.payouts.statements import BankDetails
from marketplace.text import strip_accents

Producer = get_model("producers", "Producer")

_BIN = re.compile(r"[0-9]{6}")
_NUMBER = re.compile(r"[0-9]{6,19}")


class BankAccountError(ValueError):
    pass


def normalise_account_number(value: str) -> str:
    """Digits only: spaces, dots and dashes people type between groups are dropped."""
    return re.sub(r"[\s.\-]", "", value or "")


def normalise_holder(value: str) -> str:
    """Upper case without accents, single spaces: what banks print and expect."""
    return " ".join(strip_accents(value or "").upper().split())


def validate_account(bank_bin: str, account_number: str, holder: str) -> tuple[str, str, str]:
    """The cleaned (bin, number, holder), or ValidationError per field."""
    errors = {}
    number, holder = normalise_account_number(account_number), normalise_holder(holder)
    if not _BIN.fullmatch(bank_bin or ""):
        errors["bank_bin"] = _("Choose a bank from the list.")
    if not _NUMBER.fullmatch(number):
        errors["account_number"] = _("An account number has 6 to 19 digits.")
    if not re.fullmatch(r"[A-Z0-9 .,&()'/-]{2,120}", holder):
        errors["holder"] = _("Write the holder's name as the bank has it (letters, at least 2).")
    if errors:
        raise ValidationError(errors)
    return bank_bin, number, holder


def confirmed_account(producer) -> ProducerBankAccount | None:
    return ProducerBankAccount.objects.filter(producer=producer, status=BankAccountStatus.CONFIRMED).first()


def pending_account(producer) -> ProducerBankAccount | None:
    return ProducerBankAccount.objects.filter(producer=producer, status=BankAccountStatus.PENDING).first()


def request_account(producer, user, bank_bin: str, account_number: str, holder: str) -> ProducerBankAccount:
    """The producer enters an account: it waits for an operator's confirmation (a
    pending one entered before is refused in its favour). The confirmed account,
    if any, stays the one paid until then."""
    bank_bin, number, holder = validate_account(bank_bin, account_number, holder)
    with transaction.atomic():
        producer = Producer.objects.select_for_update().get(pk=producer.pk)
        current = confirmed_account(producer)
        if current and (current.bank_bin, current.account_number, current.holder) == (bank_bin, number, holder):
            raise BankAccountError(_("This is already your confirmed account."))
        now = timezone.now()
        for waiting in ProducerBankAccount.objects.filter(producer=producer, status=BankAccountStatus.PENDING):
            _decide(waiting, BankAccountStatus.REJECTED, user, now)
        account = ProducerBankAccount.objects.create(
            producer=producer, bank_bin=bank_bin, account_number=number, holder=holder, created_by=user)
        BankAccountChange.objects.create(producer=producer, old_account=current, new_account=account,
                                         requested_by=user)
    return account


def _decide(account: ProducerBankAccount, decision: str, user, now) -> None:
    account.status = decision
    account.save(update_fields=["status"])
    BankAccountChange.objects.filter(new_account=account, decision="").update(
        decision=decision, decided_by=user, decided_at=now)


def _require_operator(user) -> None:
    if user is None or not user.is_staff:
        raise PermissionDenied(_("Only operators confirm bank accounts."))


def confirm_account(user, account: ProducerBankAccount) -> ProducerBankAccount:
    """An operator confirms a pending account: it becomes the one paid, the old
    confirmed account is kept as replaced."""
    _require_operator(user)
    with transaction.atomic():
        Producer.objects.select_for_update().get(pk=account.producer_id)
        account = ProducerBankAccount.objects.get(pk=account.pk)
        if account.status != BankAccountStatus.PENDING:
            raise BankAccountError(_("This account is not waiting for confirmation."))
        ProducerBankAccount.objects.filter(producer_id=account.producer_id,
                                           status=BankAccountStatus.CONFIRMED).update(
            status=BankAccountStatus.REPLACED)
        _decide(account, BankAccountStatus.CONFIRMED, user, timezone.now())
    return account


def reject_account(user, account: ProducerBankAccount) -> ProducerBankAccount:
    """An operator refuses a pending account; the confirmed one stays."""
    _require_operator(user)
    with transaction.atomic():
        Producer.objects.select_for_update().get(pk=account.producer_id)
        account = ProducerBankAccount.objects.get(pk=account.pk)
        if account.status != BankAccountStatus.PENDING:
            raise BankAccountError(_("This account is not waiting for confirmation."))
        _decide(account, BankAccountStatus.REJECTED, user, timezone.now())
    return account


def confirmed_bank_details(producer) -> BankDetails | None:
    """``bulk_transfer_csv``'s ``bank_details``: the producer's confirmed account."""
    account = confirmed_account(producer)
    if account is None:
        return None
    return BankDetails(account.bank_bin, account.account_number, account.holder)
