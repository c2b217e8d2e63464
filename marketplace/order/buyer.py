"""An order as its buyer sees it: each line's status, parcel, what happens next
and what the buyer may do (cancel a line not yet packed, confirm a delivery);
and the signed link a guest opens their order with.

The link signs the order number with a digest of the buyer's email
(``django.core.signing`` with ``SECRET_KEY``, no expiry: the link is the guest's
way back for as long as the order matters) and is checked in constant time.
"""

import hashlib
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from marketplace.order.statuses import AWAITING_PREPAYMENT, LineStatus, PaymentEventName

_SALT = "marketplace.order.buyer-link"


def guest_token(order) -> str:
    email = hashlib.sha256((order.email or "").strip().lower().encode()).hexdigest()
    return signing.Signer(salt=_SALT).signature(f"{order.number}:{email}")


def guest_token_matches(order, token: str) -> bool:
    return bool(order.email) and constant_time_compare(guest_token(order), token or "")


def buyer_order_path(order) -> str:
    """Where the buyer follows their order (a path): their account's order page, or
    for a guest the signed link, which needs nothing typed (never Oscar's anonymous
    order-status form, which asks for the email again and shows none of our page)."""
    if order.user_id:
        return reverse("customer:order", kwargs={"order_number": order.number})
    return reverse("buyer-order", kwargs={"number": order.number, "token": guest_token(order)})


@dataclass
class BuyerLine:
    line: object
    #: The parcel the line left in (a ShippingEvent with carrier and tracking), if shipped.
    shipment: object | None
    next_step: str
    can_cancel: bool
    can_confirm_delivery: bool


def buyer_lines(order) -> list[BuyerLine]:
    """The order's lines for its buyer's page, in three queries."""
    lines = list(order.lines.select_related("product").order_by("partner_name", "pk"))
    shipments = {}
    for event in order.shipping_events.filter(event_type__name=LineStatus.SHIPPED.value).prefetch_related("lines"):
        for line in event.lines.all():
            shipments.setdefault(line.pk, event)  # newest first (Oscar's ordering)
    refunds = {name: set() for name in (PaymentEventName.REFUNDED, PaymentEventName.REFUND_DUE)}
    for name, line_id in order.payment_events.filter(event_type__name__in=list(refunds)).values_list(
            "event_type__name", "line_quantities__line_id"):
        refunds[name].add(line_id)
    result = []
    for line in lines:
        shipment = shipments.get(line.pk)
        if line.status == LineStatus.CONFIRMED and order.payment_status in AWAITING_PREPAYMENT:
            step = _("Waiting for your payment; the producer packs your items once it arrives.")
        elif line.status == LineStatus.CONFIRMED:
            step = _("The producer is preparing your items.")
        elif line.status == LineStatus.PACKED:
            step = _("Packed: the producer hands it to the carrier soon.")
        elif line.status == LineStatus.SHIPPED:
            step = _("On its way. Please confirm when it has arrived.")
        elif line.status == LineStatus.DELIVERED:
            step = _("Delivered. Thank you!")
        elif line.pk in refunds[PaymentEventName.REFUNDED]:
            step = _("Cancelled; its amount was refunded to your card or account.")
        elif line.pk in refunds[PaymentEventName.REFUND_DUE]:
            step = _("Cancelled; we will transfer its amount back to you.")
        else:
            step = _("Cancelled; nothing was charged for it.")
        result.append(BuyerLine(
            line=line, shipment=shipment, next_step=step,
            can_cancel=line.status == LineStatus.CONFIRMED,
            can_confirm_delivery=line.status == LineStatus.SHIPPED,
        ))
    return result
