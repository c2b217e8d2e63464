import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.dashboard.orders import views as oscar_views
from oscar.core.loading import get_model

from checkout.payment.base import RefundFailed
from checkout.refunds import cancel_lines
from marketplace.order.amounts import amount_to_pay
from marketplace.order.carriers import Carrier
from marketplace.order.fulfilment import (
    InvalidLineTransition,
    change_line_status,
    line_transitions,
    lines_visible_to,
    mark_paid,
    ship_lines,
)
from marketplace.order.refunds_due import mark_refunded, refunds_due
from marketplace.order.statuses import LineStatus

Line = get_model("order", "Line")
PaymentEvent = get_model("order", "PaymentEvent")

#: The longest reason for a cancellation the buyer is sent (the form's maxlength).
CANCEL_REASON_MAX = 300


def notes_visible_to(user, order):
    """An order's notes a dashboard user may read: all for staff; for a producer,
    those written by their own producer's accounts (another producer's notes on a
    shared order are theirs alone)."""
    notes = order.notes.select_related("user").order_by("date_created", "pk")
    if user.is_staff:
        return notes
    return notes.filter(user__partners__users=user).distinct()


def _all_digits(values) -> bool:
    return all(re.fullmatch(r"[0-9]+", str(value)) for value in values)


class OrderListView(oscar_views.OrderListView):
    def get_queryset(self):
        queryset = super().get_queryset()
        if not self.request.user.is_staff:
            # What the producer earns on each order: their own lines only.
            queryset = queryset.annotate(
                producer_total=Sum(
                    "lines__line_price_incl_tax", filter=Q(lines__partner__users=self.request.user)
                )
            )
        return queryset

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["is_producer_view"] = not self.request.user.is_staff
        return ctx

    def post(self, request, *args, **kwargs):
        # Bulk actions (CSV download of whole orders) are for operators.
        if not request.user.is_staff:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)


class OrderDetailView(oscar_views.OrderDetailView):
    @property
    def order_actions(self):
        if self.request.user.is_staff:
            return oscar_views.OrderDetailView.order_actions + ("mark_paid",)
        return ("save_note",)

    def mark_paid(self, request, order):
        try:
            mark_paid(request.user, order, reference=request.POST.get("reference", "").strip())
        except (InvalidLineTransition, PermissionDenied) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Order %(number)s is marked as paid.") % {"number": order.number})
        return self.reload_page()

    @property
    def line_actions(self):
        if self.request.user.is_staff:
            return oscar_views.OrderDetailView.line_actions
        return ("change_line_statuses",)

    def get_order_lines(self):
        return lines_visible_to(self.request.user, self.object)

    def handle_line_action(self, request, order, action):
        # Oscar's lookup raises (a 500) on a line id or quantity that is not a number.
        line_ids = request.POST.getlist("selected_line")
        quantities = [request.POST.get(f"selected_line_qty_{pk}") or "" for pk in line_ids]
        if not _all_digits(line_ids):
            return self.reload_page(error=_("Invalid lines requested"))
        if not _all_digits(quantities):
            return self.reload_page(error=_("Enter each selected line's quantity as a whole number."))
        return super().handle_line_action(request, order, action)

    def get_order_note_form(self):
        """A note to edit (``…/notes/<id>/``) must be one the user may read; a
        producer edits only their own."""
        note_id = self.kwargs.get("note_id")
        if note_id and not self.request.user.is_staff:
            get_object_or_404(notes_visible_to(self.request.user, self.object), pk=note_id, user=self.request.user)
        return super().get_order_note_form()

    def delete_note(self, request, order):
        if not _all_digits([request.POST.get("note_id", "")]):
            messages.error(request, _("Note cannot be deleted"))
            return self.reload_page()
        return super().delete_note(request, order)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["notes"] = notes_visible_to(self.request.user, self.object)
        ctx["is_producer_view"] = not self.request.user.is_staff
        if ctx["is_producer_view"]:
            ctx["producer_total"] = sum(line.line_price_incl_tax for line in ctx["lines"])
        else:
            # What the operator records as received: the amount still due (lines
            # cancelled before payment are not paid for); nothing to record at 0.
            ctx["amount_due"] = amount_to_pay(self.object)
            ctx["awaiting_receipt"] = bool(ctx["amount_due"])
        # Offer only the moves some line may make now; say why the others cannot.
        transitions = [(line, line_transitions(line, self.object)) for line in ctx["lines"]]
        allowed = {t.status for _line, moves in transitions for t in moves if t.allowed}
        ctx["line_statuses"] = [status for status in LineStatus if status in allowed]
        ctx["line_transitions"] = transitions
        ctx["carriers"] = Carrier.choices
        ctx["cancel_reason_max"] = CANCEL_REASON_MAX
        return ctx

    def change_line_statuses(self, request, order, lines, quantities):
        new_status = request.POST.get("new_status", "").strip()
        line_ids = [line.pk for line in lines]
        try:
            if new_status == LineStatus.CANCELLED:
                # The buyer is emailed once for the whole action, with this reason.
                changed = cancel_lines(request.user, order, line_ids,
                                       reason=request.POST.get("cancel_reason", "")[:CANCEL_REASON_MAX])
            elif new_status == LineStatus.SHIPPED:
                changed = ship_lines(request.user, order, line_ids, request.POST.get("carrier", ""),
                                     request.POST.get("tracking_number", ""))
            else:
                changed = change_line_status(request.user, order, line_ids, new_status)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.reload_page()
        except (InvalidLineTransition, PermissionDenied, RefundFailed) as error:
            messages.error(request, str(error) or _("You can only change your own lines."))
            return self.reload_page()
        messages.info(
            request,
            _("%(count)d line(s) are now “%(status)s”.") % {"count": len(changed), "status": LineStatus(new_status).label},
        )
        return self.reload_page()


class LineDetailView(oscar_views.LineDetailView):
    def get_object(self, queryset=None):
        order = oscar_views.get_order_for_user_or_404(self.request.user, self.kwargs["number"])
        try:
            return lines_visible_to(self.request.user, order).get(pk=self.kwargs["line_id"])
        except Line.DoesNotExist:
            raise Http404()


class RefundsDueView(generic.TemplateView):
    """Operators: refunds the shop owes (lines cancelled after a transfer was
    paid), oldest first, each with a "mark refunded" form asking for the bank
    reference; then the last ones paid back. Staff only (the app's default
    permission; producers never see it)."""

    template_name = "oscar/dashboard/orders/refunds_due.html"
    recent = 20

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "due": list(refunds_due()),
                "paid": list(refunds_due(paid=True)[:self.recent])}


class MarkRefundedView(generic.View):
    """POST: the operator paid this refund back (bank reference); idempotent."""

    http_method_names = ["post"]

    def post(self, request, event_id):
        try:
            record, created = mark_refunded(request.user, event_id, request.POST.get("bank_reference", ""))
        except PaymentEvent.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            order = record.event.order
            if created:
                messages.success(request, _("The refund for order %(number)s is marked as paid back (%(ref)s).")
                                 % {"number": order.number, "ref": record.bank_reference})
            else:
                messages.info(request, _("This refund was already marked as paid back on %(date)s (%(ref)s).")
                              % {"date": date_format(record.paid_at, "SHORT_DATETIME_FORMAT"),
                                 "ref": record.bank_reference})
        return redirect("dashboard:order-refunds-due")
