"""Refunds the shop owes and pays back by hand: a line cancelled after a bank
transfer (or cash) was paid records a ``Refund due`` payment event
(``checkout.refunds``); an operator transfers the money back and marks it
refunded here, with the bank's reference, and the buyer is emailed. The operators' dashboard list
(``marketplace.order.dashboard.views.RefundsDueView``) calls these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.order.emails import send_refund_paid_email
from marketplace.order.models import RefundPaid
from marketplace.order.statuses import PaymentEventName

PaymentEvent = get_model("order", "PaymentEvent")


def refunds_due(*, paid: bool = False):
    """Refund-due events still to pay (oldest first), or those paid (newest first),
    with their order, lines and payer loaded (one query each, whatever the count)."""
    events = PaymentEvent._default_manager.filter(
        event_type__name=PaymentEventName.REFUND_DUE, refund_paid__isnull=not paid,
    ).select_related("order", "order__user", "refund_paid", "refund_paid__paid_by").prefetch_related(
        "line_quantities__line")
    return events.order_by("-refund_paid__paid_at") if paid else events.order_by("date_created", "pk")


def mark_refunded(user, event_id: int, bank_reference: str) -> tuple[RefundPaid, bool]:
    """Record that ``user`` (an operator) paid the refund due ``event_id`` back,
    by the bank transfer ``bank_reference``. Atomic and idempotent: the event row
    is locked, and an event already marked keeps its first record (returned with
    False). Raises PermissionDenied, ValidationError, or PaymentEvent.DoesNotExist."""
    if not (user and user.is_staff):
        raise PermissionDenied(_("Only the shop's operators pay refunds back."))
    reference = " ".join((bank_reference or "").split())
    if not reference:
        raise ValidationError(_("Enter the bank reference of the transfer that paid the buyer back."))
    if len(reference) > 64:
        raise ValidationError(_("The bank reference is at most 64 characters."))
    with transaction.atomic():
        event = PaymentEvent._default_manager.select_for_update(of=("self",)).get(
            pk=event_id, event_type__name=PaymentEventName.REFUND_DUE)
        existing = RefundPaid.objects.filter(event=event).first()
        if existing:
            return existing, False
        paid = RefundPaid.objects.create(event=event, paid_by=user, bank_reference=reference)
        event.order.notes.create(
            user=user, note_type="System",
            message=_("Refund of %(amount)s ₫ paid back by bank transfer, reference %(ref)s.")
            % {"amount": f"{int(event.amount):,}".replace(",", "."), "ref": reference},
        )
        # The buyer is told once the record is committed (never for a rolled-back one).
        transaction.on_commit(lambda: send_refund_paid_email(paid.pk))
    return paid, True
