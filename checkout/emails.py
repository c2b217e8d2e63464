"""Order emails, sent after the order has committed (``transaction.on_commit``):
the buyer's confirmation in the language they checked out in, and one notice per
producer listing only that producer's lines; a click-and-collect order goes to its
sales point's staff as a pick-up notice instead (the point's own stock, not a
producer's). Later, the buyer's notice when a producer or an operator cancels
lines of their order, with what becomes of their money."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.accounts.sites import absolute_url
from marketplace.emails import send_email
from marketplace.order.amounts import amount_to_pay
from marketplace.order.emails import buyer_order_url, send_buyer_email
from marketplace.order.fulfilment import lines_by_producer
from marketplace.order.statuses import LineStatus, PaymentEventName, PaymentStatus

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")


def _send(subject_template: str, body_template: str, context: dict, to: list[str]) -> None:
    subject = " ".join(render_to_string(subject_template, context).split())
    body = render_to_string(body_template, context)
    EmailMultiAlternatives(subject, body, settings.OSCAR_FROM_EMAIL, to).send()


def send_order_emails(order_id: int) -> None:
    from checkout.payment import get_method

    order = Order._default_manager.select_related("shipping_address").get(pk=order_id)
    pick_up = getattr(order, "pick_up", None)
    groups = lines_by_producer(order)
    language = order.language or settings.LANGUAGE_CODE
    with translation.override(language):
        method = get_method(order.payment_method)
        context = {
            "order": order,
            "lines_by_producer": groups,
            "payment_method": method,
            "shop_name": settings.OSCAR_SHOP_NAME,
            "order_url": buyer_order_url(order),
            "pick_up": pick_up,
        }
        if method:
            context.update(method.instructions(order))
        if order.email:
            _send("oscar/checkout/email/order_placed_subject.txt",
                  "oscar/checkout/email/order_placed_body.txt", context, [order.email])

    # Producers and sales points read Vietnamese; each sees only their own lines.
    with translation.override("vi"):
        if pick_up is not None:
            _send_pickup_notice(order, pick_up)
            return
        for _name, lines in groups:
            partner = lines[0].partner
            recipients = [user.email for user in partner.users.all() if user.email]
            producer = getattr(partner, "producer", None)
            if producer is not None and producer.email:
                recipients.append(producer.email)
            recipients = sorted(set(recipients))
            if not recipients:
                logger.warning("Order #%s: producer %s has no email address", order.number, partner)
                continue
            _send("oscar/checkout/email/producer_order_subject.txt",
                  "oscar/checkout/email/producer_order_body.txt",
                  {"order": order, "partner": partner, "lines": lines,
                   "subtotal": sum(line.line_price_incl_tax for line in lines),
                   "order_url": absolute_url(reverse("dashboard:order-detail", kwargs={"number": order.number})),
                   "shop_name": settings.OSCAR_SHOP_NAME}, recipients)



def _send_pickup_notice(order, pick_up) -> None:
    """The sales point's staff: an order to prepare from their shelf."""
    point = pick_up.sales_point
    recipients = sorted({user.email for user in point.staff.all() if user.email})
    if not recipients:
        logger.warning("Order #%s: sales point %s has no staff email address", order.number, point.code)
        return
    _send("sales_points/email/pickup_notice_subject.txt", "sales_points/email/pickup_notice_body.txt",
          {"order": order, "point": point, "lines": list(order.lines.all()),
           "order_url": absolute_url(reverse("sales-point-dashboard:pickup-detail",
                                             kwargs={"code": point.code, "pk": pick_up.pk})),
           "shop_name": settings.OSCAR_SHOP_NAME}, recipients)


def send_payment_refunded_email(*, email: str, language: str, order_number: str, amount: int, method_code: str,
                                reason: str = "") -> None:
    """The buyer paid but no order could be placed, and the payment went back
    through the method (a card or VNPay refund): say so, in their language."""
    from checkout.payment import get_method

    with translation.override(language or settings.LANGUAGE_CODE):
        method = get_method(method_code)
        how = method.given_back_message(f"{amount:,}".replace(",", ".")) if method else ""
        send_email("checkout/email/payment_refunded", [email],
                   {"order_number": order_number, "amount": amount, "reason": reason, "how": how,
                    "basket_url": absolute_url(reverse("basket:summary"))},
                   language=language)


def send_lines_cancelled_email(order_id: int, line_ids: list[int], *, reason: str = "",
                               refund_event_ids: list[int] = ()) -> None:
    """A producer or an operator cancelled ``line_ids`` of the order in one action
    (``checkout.refunds.cancel_lines``): tell the buyer, in the language they
    ordered in, which products, why (``reason``, when given), and what becomes of
    their money, as it stands once the cancellation committed:

    - not paid yet (a transfer awaited, cash on delivery): the new amount due
      (``amounts.amount_to_pay``) with the method's own instructions (the transfer
      details with the new amount, or the cash for the courier); nothing is due
      once every line is cancelled;
    - paid: the refunds this action recorded (``refund_event_ids``, given back or
      owed, the delivery fee with the last line) and how the money comes back
      (the method's ``refund_how``, as the buyer reads it before cancelling)."""
    from checkout.payment import method_for_order, payment_instructions

    order = Order._default_manager.get(pk=order_id)
    if not order.email:
        return
    lines = list(order.lines.filter(pk__in=line_ids).order_by("partner_name", "pk"))
    events = list(PaymentEvent._default_manager.filter(pk__in=list(refund_event_ids))
                  .select_related("event_type").prefetch_related("line_quantities"))
    with translation.override(order.language or settings.LANGUAGE_CODE):
        context = {
            "lines": lines,
            "reason": reason,
            "all_cancelled": not order.lines.exclude(status=LineStatus.CANCELLED).exists(),
        }
        due = amount_to_pay(order)
        if due is not None:
            context.update(awaiting=True, amount_due=due,
                           awaiting_transfer=order.payment_status == PaymentStatus.AWAITING_TRANSFER,
                           **payment_instructions(order))
        elif events:
            method = method_for_order(order)
            context.update(
                refund_total=sum(event.amount for event in events),
                refund_owed=any(event.event_type.name == PaymentEventName.REFUND_DUE for event in events),
                # The refund with no line is the rest of what was paid: the delivery fee.
                refund_delivery=sum(event.amount for event in events if not event.line_quantities.all()),
                refund_how=method.refund_how() if method else _(
                    "Our team pays it back to you; a refund is recorded as due."),
            )
        send_buyer_email(order, "lines_cancelled", context)
