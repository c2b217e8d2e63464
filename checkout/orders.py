"""The buyer's own actions on a placed order: open it from the signed link in
their emails (guests), cancel a line that is not packed yet (its stock released
and, if paid, its amount refunded), confirm a delivery.

Signed-in buyers read their orders in their account (Oscar's customer order
pages, with our templates); guests read them here. Both post actions here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from oscar.core.loading import get_model

from checkout.payment.base import RefundFailed
from checkout.refunds import cancel_lines, plan_refund
from marketplace.order.buyer import buyer_lines, guest_token_matches
from marketplace.order.fulfilment import InvalidLineTransition, change_line_status
from marketplace.order.statuses import LineStatus

Order = get_model("order", "Order")


def _buyers_order(request, number: str, token: str | None):
    """The order if this request is its buyer's: the signed-in owner, or a guest
    holding the signed link. Anything else is a 404 (no hint that it exists)."""
    order = Order._default_manager.filter(number=number).select_related("shipping_address").first()
    if order is None:
        raise Http404
    if token is None:
        if not (request.user.is_authenticated and order.user_id == request.user.pk):
            raise Http404
    elif order.user_id is not None or not guest_token_matches(order, token):
        raise Http404
    return order


def _order_page(order, token):
    if token is None:
        return reverse("customer:order", kwargs={"order_number": order.number})
    return reverse("buyer-order", kwargs={"number": order.number, "token": token})


def guest_order(request, number: str, token: str):
    order = _buyers_order(request, number, token)
    return render(request, "checkout/order/guest_order.html", {"order": order, "token": token})


@require_http_methods(["GET", "POST"])
def line_action(request, number: str, line_id: int, action: str, token: str | None = None):
    """POST an action on one line. Cancelling takes two steps: the GET (or a POST
    without ``confirm``) shows what is cancelled and what comes back, and how;
    the POST with ``confirm=yes`` from that page cancels."""
    order = _buyers_order(request, number, token)
    line = order.lines.filter(pk=line_id).first()
    if line is None:
        raise Http404
    allowed = {item.line.pk: item for item in buyer_lines(order)}[line.pk]
    confirmed = request.method == "POST" and request.POST.get("confirm") == "yes"
    if action == "cancel" and allowed.can_cancel and not confirmed:
        return render(request, "checkout/order/cancel_confirm.html", {
            "order": order, "line": line, "token": token, "refund": plan_refund(order, [line]),
            "order_page": _order_page(order, token),
        })
    if request.method != "POST":
        return redirect(_order_page(order, token))
    try:
        if action == "cancel" and allowed.can_cancel:
            # The buyer read what is cancelled and what comes back on the confirmation
            # page and reads it again on their order page: no email (as before).
            cancel_lines(None, order, [line.pk], note=_("cancelled by the buyer"), only_from=LineStatus.CONFIRMED,
                         notify_buyer=False)
            messages.success(request, _("“%(title)s” is cancelled.") % {"title": line.title})
        elif action == "delivered" and allowed.can_confirm_delivery:
            change_line_status(None, order, [line.pk], LineStatus.DELIVERED, note=_("confirmed by the buyer"),
                               only_from=LineStatus.SHIPPED)
            messages.success(request, _("Thank you: “%(title)s” is marked as delivered.") % {"title": line.title})
        else:
            messages.error(request, _("This item can no longer be changed from here: it is “%(status)s”.")
                           % {"status": line.status_label})
    except (InvalidLineTransition, PermissionDenied, RefundFailed) as error:
        messages.error(request, str(error))
    return redirect(_order_page(order, token))


urlpatterns = [
    path("<str:number>/lines/<int:line_id>/<str:action>/", line_action, name="buyer-order-line"),
    path("<str:number>/<str:token>/", guest_order, name="buyer-order"),
    path("<str:number>/<str:token>/lines/<int:line_id>/<str:action>/", line_action, name="buyer-guest-order-line"),
]
