"""Importing a statement and matching its credits to orders awaiting a transfer.

A credit is matched when its note holds exactly one order's transfer code
(``checkout.payment.vietqr.order_numbers_in_note``: accents, case, spaces and
punctuation do not matter, extra text is allowed, the check letter must agree)
and its amount is exactly what the order still asks for
(``marketplace.order.amounts.amount_due``: its total, less the lines cancelled
before the transfer, as the QR code shows it): the order is marked paid through
``mark_paid``, as an operator would, with one PaymentEvent for the line. Every
other credit goes to the review list with its reason, for an operator to
assign, to mark paid with the excess owed back, or to ignore with a reason.

Each credit is stored once by its fingerprint: uploading a statement again (or
one overlapping an earlier one) imports only the credits not seen before.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from checkout.payment.vietqr import fold_note, order_numbers_in_note
from checkout.reconciliation.models import BankStatement, StatementLine
from checkout.reconciliation.parsers import StatementRow, parse_statement
from marketplace.order.amounts import amount_due
from marketplace.order.fulfilment import InvalidLineTransition, mark_paid, record_lines_refunded
from marketplace.order.statuses import (
    MONEY_TAKEN,
    OVERPAID_REFERENCE_PREFIX,
    PaymentEventName,
    PaymentStatus,
)

Order = get_model("order", "Order")

Outcome = StatementLine.Outcome
Reason = StatementLine.ReviewReason


class DecisionRefused(ValueError):
    """An operator's decision that cannot be applied (message for the operator)."""


@dataclass(frozen=True)
class ImportResult:
    statement: BankStatement
    matched: int
    to_review: int
    already_imported: int
    debits: int


def fingerprints(credits: list[StatementRow]) -> list[str]:
    """One per credit: its date, amount, folded note and bank reference, and how
    many identical credits came before it in the file (two equal transfers on one
    day are two lines; the same file uploaded again gives the same fingerprints)."""
    seen: Counter = Counter()
    result = []
    for row in credits:
        key = f"{row.booked_on.isoformat()}|{row.amount}|{fold_note(row.description)}|{row.reference.strip()}"
        seen[key] += 1
        result.append(hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest())
    return result


def _require_operator(user) -> None:
    if not (user and user.is_staff):
        raise PermissionDenied(_("Only operators can reconcile bank statements."))


class StatementUploadedTwice(Exception):
    """The same statement lines were being imported by a simultaneous upload."""


def import_statement(user, data: bytes, file_name: str, layout: str) -> ImportResult:
    """Read the file (``StatementInvalid`` with every bad row, and nothing stored,
    when it cannot be read), store its credits not seen before and match them.
    One transaction: the statement, its lines and the orders they pay, or none."""
    _require_operator(user)
    rows = parse_statement(data, layout)
    credits = [row for row in rows if row.amount > 0]
    prints = fingerprints(credits)
    try:
        return _store_and_match(user, rows, credits, prints, file_name, layout)
    except IntegrityError as error:
        # Another upload of the same lines committed between our look at the
        # fingerprints and our insert (two operators, or a double click): ours is
        # rolled back whole; the lines are imported once, by the other upload.
        if "fingerprint" not in str(error):
            raise
        raise StatementUploadedTwice(_(
            "These lines were being imported by another upload of the same statement at the same "
            "moment; they are imported once. See the statement list.")) from error


def known_fingerprints(prints: list[str]) -> set[str]:
    return set(StatementLine.objects.filter(fingerprint__in=prints).values_list("fingerprint", flat=True))


def _store_and_match(user, rows, credits, prints, file_name: str, layout: str) -> ImportResult:
    with transaction.atomic():
        known = known_fingerprints(prints)
        statement = BankStatement.objects.create(
            layout=layout, file_name=file_name[:255], uploaded_by=user, credit_count=len(credits),
            already_imported=len(known), debit_count=len(rows) - len(credits),
        )
        matched = to_review = 0
        for row, fingerprint in zip(credits, prints, strict=True):
            if fingerprint in known:
                continue
            known.add(fingerprint)
            line = StatementLine.objects.create(
                statement=statement, line_number=row.line_number, booked_on=row.booked_on, amount=row.amount,
                description=row.description, reference=row.reference, fingerprint=fingerprint,
                outcome=Outcome.REVIEW,
            )
            if match_line(user, line):
                matched += 1
            else:
                to_review += 1
    return ImportResult(statement, matched, to_review, statement.already_imported, statement.debit_count)


def match_line(user, line: StatementLine) -> bool:
    """Pay the order the line names when code and amount agree (True); else put
    the line on the review list with its reason (False)."""
    numbers = order_numbers_in_note(line.description)
    order = None
    if not numbers:
        reason = Reason.UNKNOWN
    elif len(numbers) > 1:
        reason = Reason.AMBIGUOUS
    else:
        order = Order._default_manager.select_for_update().filter(number=numbers[0]).first()
        if order is None:
            reason = Reason.NO_ORDER
        elif order.payment_status in MONEY_TAKEN or order.payment_status == PaymentStatus.REFUNDED:
            reason = Reason.DUPLICATE
        elif order.payment_status != PaymentStatus.AWAITING_TRANSFER or not (due := amount_due(order)):
            # Nothing is awaited from an order whose lines were all cancelled.
            reason = Reason.NOT_AWAITING
        elif line.amount < due:
            reason = Reason.PARTIAL
        elif line.amount > due:
            # Also the full placed total sent after lines were cancelled: the
            # operator settles it as an overpayment (the excess owed back).
            reason = Reason.OVERPAID
        else:
            line.payment_event = mark_paid(user, order, reference=line.payment_reference)
            line.order, line.outcome = order, Outcome.MATCHED
            line.save(update_fields=["payment_event", "order", "outcome"])
            return True
    line.order, line.outcome, line.review_reason = order, Outcome.REVIEW, reason
    line.save(update_fields=["order", "outcome", "review_reason"])
    return False


def lines_to_review():
    # The orders' lines for what each still asks for (``amount_due``), in one query.
    return (StatementLine.objects.filter(outcome=Outcome.REVIEW).select_related("statement", "order")
            .prefetch_related("order__lines"))


def _open_line(pk: int) -> StatementLine:
    line = StatementLine.objects.select_for_update().filter(pk=pk).first()
    if line is None:
        raise DecisionRefused(_("This statement line does not exist."))
    if line.outcome != Outcome.REVIEW:
        raise DecisionRefused(_("Line %(line)s of this statement was already decided (%(outcome)s).") % {
            "line": line.line_number, "outcome": line.get_outcome_display()})
    return line


def _order(number: str, *, lock: bool = False):
    number = (number or "").strip().lstrip("#")
    orders = Order._default_manager.select_for_update() if lock else Order._default_manager
    order = orders.filter(number=number).first() if number else None
    if order is None:
        raise DecisionRefused(_("No order has the number “%(number)s”.") % {"number": number})
    return order


def _decided(line: StatementLine, user, outcome: str, note: str) -> None:
    line.outcome, line.decided_by, line.decided_at, line.decision_note = outcome, user, timezone.now(), note
    line.save(update_fields=["order", "payment_event", "outcome", "decided_by", "decided_at", "decision_note"])


def assign_line(user, line_pk: int, order_number: str, note: str = "") -> StatementLine:
    """An operator decides the credit pays ``order_number`` (a partial payment
    accepted, a note without the code): the order is marked paid with this line's
    PaymentEvent."""
    _require_operator(user)
    with transaction.atomic():
        line = _open_line(line_pk)
        order = _order(order_number)
        try:
            line.payment_event = mark_paid(user, order, reference=line.payment_reference)
        except InvalidLineTransition as error:
            raise DecisionRefused(str(error)) from error
        line.order = order
        _decided(line, user, Outcome.ASSIGNED, note.strip())
    return line


def settle_overpayment(user, line_pk: int, order_number: str, note: str = "") -> StatementLine:
    """An operator decides the credit pays ``order_number`` with more than is
    due on it (``amount_due``; e.g. its placed total, sent after some lines were
    cancelled): the order is marked paid and the excess recorded as a refund owed
    to the buyer (a "Refund due" PaymentEvent), which the operators transfer back."""
    _require_operator(user)
    with transaction.atomic():
        line = _open_line(line_pk)
        # Locked as ``mark_paid`` locks it: the amount due cannot change meanwhile.
        order = _order(order_number, lock=True)
        excess = line.amount - amount_due(order)
        if excess <= 0:
            raise DecisionRefused(_("This credit is not more than what is due on order %(number)s.") % {
                "number": order.number})
        try:
            line.payment_event = mark_paid(user, order, reference=line.payment_reference)
        except InvalidLineTransition as error:
            raise DecisionRefused(str(error)) from error
        record_lines_refunded(order, [], excess, PaymentEventName.REFUND_DUE, f"{OVERPAID_REFERENCE_PREFIX}{line.payment_reference}")
        line.order = order
        _decided(line, user, Outcome.REFUND_OWED, note.strip())
    return line


def ignore_line(user, line_pk: int, reason: str) -> StatementLine:
    """An operator sets the credit aside (not a buyer's payment, a duplicate
    transfer refunded by the bank, …): the reason is required."""
    _require_operator(user)
    reason = (reason or "").strip()
    if not reason:
        raise DecisionRefused(_("Say why this credit is ignored."))
    with transaction.atomic():
        line = _open_line(line_pk)
        _decided(line, user, Outcome.IGNORED, reason)
    return line
