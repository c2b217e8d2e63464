from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from oscar.apps.dashboard.orders import views as oscar_views
from oscar.core.loading import get_model

from marketplace.order.fulfilment import (
    InvalidLineTransition,
    change_line_status,
    lines_visible_to,
    mark_paid,
)
from marketplace.order.statuses import AWAITING_RECEIPT

Line = get_model("order", "Line")


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

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["is_producer_view"] = not self.request.user.is_staff
        if ctx["is_producer_view"]:
            ctx["producer_total"] = sum(line.line_price_incl_tax for line in ctx["lines"])
        else:
            ctx["awaiting_receipt"] = self.object.payment_status in AWAITING_RECEIPT
        return ctx

    def change_line_statuses(self, request, order, lines, quantities):
        new_status = request.POST.get("new_status", "").strip()
        try:
            changed = change_line_status(request.user, order, [line.pk for line in lines], new_status)
        except (InvalidLineTransition, PermissionDenied) as error:
            messages.error(request, str(error) or _("You can only change your own lines."))
            return self.reload_page()
        messages.info(
            request,
            _("%(count)d line(s) are now “%(status)s”.") % {"count": len(changed), "status": new_status},
        )
        return self.reload_page()


class LineDetailView(oscar_views.LineDetailView):
    def get_object(self, queryset=None):
        order = oscar_views.get_order_for_user_or_404(self.request.user, self.kwargs["number"])
        try:
            return lines_visible_to(self.request.user, order).get(pk=self.kwargs["line_id"])
        except Line.DoesNotExist:
            raise Http404()
