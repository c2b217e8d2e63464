"""Payout statements: made per producer for a period, approved by an operator
(which writes the payout into the ledger), paid by a bank bulk transfer, and
marked paid when the operator confirms the transfer.

``create_statements`` is what ``manage.py create_payout_statements`` (and the
dashboard) call. Making statements twice for the same period creates nothing
twice: an entry is settled by at most one statement (``StatementEntry.entry`` is
unique) and a producer has at most one statement per period end.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.payouts.clearing import unsettled_available_entries
from marketplace.payouts.models import (
    EntryKind,
    LedgerEntry,
    PayoutStatement,
    StatementEntry,
    StatementStatus,
)
from marketplace.text import strip_accents

# By name, as the order models are: the producers' pages import the orders,
# which write this ledger.
Producer = get_model("producers", "Producer")


class StatementError(ValueError):
    pass


def period_end(until: datetime.date) -> datetime.datetime:
    """The last moment of ``until`` in the shop's time zone (Vietnam)."""
    return timezone.make_aware(datetime.datetime.combine(until, datetime.time.max))


def statement_number(producer, until: datetime.date) -> str:
    return f"PO-{until:%Y%m%d}-{producer.pk:06d}"


def create_statement(producer, until: datetime.date, user=None) -> PayoutStatement | None:
    """A draft statement settling what ``producer`` has available at the end of
    ``until`` and no statement settles yet, when that is at least
    ``PAYOUT_MINIMUM_VND``; None otherwise (or when the period has one already)."""
    with transaction.atomic():
        # One statement maker per producer at a time: a second run waits here,
        # then finds the entries settled.
        producer = Producer.objects.select_for_update().get(pk=producer.pk)
        if PayoutStatement.objects.filter(producer=producer, period_until=until).exists():
            return None
        entries = list(unsettled_available_entries(producer, period_end(until)).order_by("created_at", "pk"))
        total = sum(entry.amount for entry in entries)
        if total <= 0 or total < settings.PAYOUT_MINIMUM_VND:
            return None
        statement = PayoutStatement.objects.create(
            number=statement_number(producer, until), producer=producer, period_until=until, total=total,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        StatementEntry.objects.bulk_create(StatementEntry(statement=statement, entry=entry) for entry in entries)
    return statement


def create_statements(until: datetime.date, user=None,
                      progress: Callable[[int, int, PayoutStatement | None], None] | None = None
                      ) -> list[PayoutStatement]:
    """Draft statements for every producer with enough available at the end of
    ``until``; each producer in its own transaction. ``progress(done, count,
    statement)`` is told after each producer."""
    if until > timezone.localdate():
        raise StatementError(_("A statement period cannot end in the future."))
    producer_ids = list(
        LedgerEntry.objects.values_list("producer_id", flat=True).distinct().order_by("producer_id"))
    created = []
    for done, producer in enumerate(Producer.objects.filter(pk__in=producer_ids).order_by("pk"), start=1):
        statement = create_statement(producer, until, user)
        if statement is not None:
            created.append(statement)
        if progress is not None:
            progress(done, len(producer_ids), statement)
    return created


def _require_operator(user) -> None:
    if user is None or not user.is_staff:
        raise PermissionDenied(_("Only operators can approve and pay statements."))


def approve_statement(user, statement: PayoutStatement) -> LedgerEntry:
    """Approve a draft statement: the payout (minus its total) goes into the
    producer's ledger. Two operators approving at once make one payout: the
    statement row is locked and its status re-read under the lock (and the ledger
    allows one payout per statement)."""
    _require_operator(user)
    with transaction.atomic():
        statement = PayoutStatement.objects.select_for_update().get(pk=statement.pk)
        if statement.status != StatementStatus.DRAFT:
            raise StatementError(_("Statement %(number)s is already %(status)s.")
                                 % {"number": statement.number, "status": statement.get_status_display()})
        settled = LedgerEntry.objects.filter(settlement__statement=statement).aggregate(
            total=Sum("amount"))["total"] or 0
        if settled != statement.total:
            raise StatementError(_("Statement %(number)s does not add up to its entries: make it again.")
                                 % {"number": statement.number})
        now = timezone.now()
        payout = LedgerEntry.objects.create(
            producer_id=statement.producer_id, kind=EntryKind.PAYOUT, amount=-statement.total,
            statement=statement, created_by=user, created_at=now,
        )
        statement.status, statement.approved_at, statement.approved_by = StatementStatus.APPROVED, now, user
        statement.save(update_fields=["status", "approved_at", "approved_by"])
    return payout


def cancel_statement(user, statement: PayoutStatement) -> str:
    """An operator cancels a draft statement (a mistake, a producer to check
    first): the draft and its settlement rows are deleted, nothing was paid, and
    its entries are released for the next run (which may make the same period
    again). Approved and paid statements are never cancelled: their payout is
    in the ledger. Returns the cancelled statement's number."""
    _require_operator(user)
    with transaction.atomic():
        statement = PayoutStatement.objects.select_for_update().get(pk=statement.pk)
        if statement.status != StatementStatus.DRAFT:
            raise StatementError(_("Only a draft statement can be cancelled; %(number)s is %(status)s.")
                                 % {"number": statement.number, "status": statement.get_status_display()})
        number = statement.number
        StatementEntry.objects.filter(statement=statement).delete()
        statement.delete()
    return number


def mark_statement_paid(user, statement: PayoutStatement, reference: str = "") -> PayoutStatement:
    """The operator confirms the bank transferred an approved statement's total."""
    _require_operator(user)
    with transaction.atomic():
        statement = PayoutStatement.objects.select_for_update().get(pk=statement.pk)
        if statement.status != StatementStatus.APPROVED:
            raise StatementError(_("Only an approved statement can be marked paid."))
        statement.status, statement.paid_at, statement.paid_by = StatementStatus.PAID, timezone.now(), user
        statement.bank_reference = " ".join((reference or "").split())[:64]
        statement.save(update_fields=["status", "paid_at", "paid_by", "bank_reference"])
    return statement


@dataclass(frozen=True)
class BankDetails:
    """Where a producer is paid: the bank's 6-digit NAPAS BIN, the account number
    and the holder's name as the bank knows it."""

    bin: str
    account_number: str
    holder: str


#: The bank file's columns (docs/payouts.md).
BANK_FILE_COLUMNS = ["bank_bin", "account_number", "account_holder", "amount", "transfer_note"]


def transfer_note(statement: PayoutStatement) -> str:
    """Unaccented ASCII (banks' bulk files refuse accents), with the statement number."""
    return f"CHO OCOP THANH TOAN {statement.number}"


def bulk_transfer_csv(statements: Iterable[PayoutStatement],
                      bank_details: Callable[[object], BankDetails | None]) -> str:
    """The bank bulk-transfer file (UTF-8 CSV, header row, one transfer per
    approved statement) for ``statements``; ``bank_details(producer)`` gives
    each producer's confirmed account. Raises StatementError naming every
    statement that is not approved or whose producer has no valid account."""
    problems, rows = [], []
    for statement in statements:
        if statement.status != StatementStatus.APPROVED:
            problems.append(_("%(number)s is not approved.") % {"number": statement.number})
            continue
        details = bank_details(statement.producer)
        if details is None:
            problems.append(_("%(number)s: %(producer)s has no confirmed bank account.")
                            % {"number": statement.number, "producer": statement.producer})
            continue
        if not re.fullmatch(r"\d{6}", details.bin) or not re.fullmatch(r"[0-9A-Za-z]{4,19}", details.account_number):
            problems.append(_("%(number)s: the bank account of %(producer)s is not valid.")
                            % {"number": statement.number, "producer": statement.producer})
            continue
        rows.append([details.bin, details.account_number, strip_accents(details.holder).upper(),
                     str(statement.total), transfer_note(statement)])
    if problems:
        raise StatementError(" ".join(problems))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(BANK_FILE_COLUMNS)
    writer.writerows(rows)
    return out.getvalue()
