"""Emails about an order after it was placed, in the buyer's language: one per
shipment with the carrier's tracking link, one when an operator has paid a refund
back by transfer. Sent after commit."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.accounts.sites import absolute_url
from marketplace.emails import send_email
from marketplace.order.buyer import buyer_order_path
from marketplace.order.models import RefundPaid

ShippingEvent = get_model("order", "ShippingEvent")


def buyer_order_url(order) -> str:
    """Where the buyer follows their order, as an absolute link (``buyer.buyer_order_path``)."""
    return absolute_url(buyer_order_path(order))


def send_buyer_email(order, name: str, context: dict) -> None:
    """``oscar/order/email/<name>_{subject,body}.txt`` to the buyer, in their language."""
    if not order.email:
        return
    with translation.override(order.language or settings.LANGUAGE_CODE):
        context = {"order": order, "shop_name": settings.OSCAR_SHOP_NAME,
                   "order_url": buyer_order_url(order), **context}
        subject = " ".join(render_to_string(f"oscar/order/email/{name}_subject.txt", context).split())
        body = render_to_string(f"oscar/order/email/{name}_body.txt", context)
    EmailMultiAlternatives(subject, body, settings.OSCAR_FROM_EMAIL, [order.email]).send()


def send_shipment_email(event_id: int) -> None:
    event = ShippingEvent._default_manager.select_related("order").get(pk=event_id)
    send_buyer_email(event.order, "shipped", {"shipment": event, "lines": list(event.lines.order_by("pk"))})


def send_refund_paid_email(refund_paid_id: int) -> None:
    """An operator transferred a refund due back to the buyer (``refunds_due.mark_refunded``)."""
    paid = RefundPaid.objects.select_related("event__order").get(pk=refund_paid_id)
    order = paid.event.order
    if not order.email:
        return
    send_email("oscar/order/email/refund_paid", [order.email],
               {"order": order, "amount": paid.event.amount, "reference": paid.bank_reference,
                "order_url": buyer_order_url(order)}, language=order.language or None)
