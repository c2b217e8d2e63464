"""Click and collect: which points can serve a basket, placing a pick-up from a
point's own stock, and the pick-up flow (ready → collected, or released when
nobody came).

Kept apart from ``marketplace.order.fulfilment`` (home delivery's line statuses):
a pick-up's state lives on its ``PickUp``; the order's lines follow it only at
the ends (collected → delivered, released → cancelled)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.order.statuses import LineStatus, OrderStatus
from marketplace.partner.models import LedgerSource
from marketplace.partner.stock import (
    StockMove,
    StockOrigin,
    consume_stock,
    release_stock,
    tracks_stock,
)
from marketplace.payouts.ledger import credit_delivered_lines
from marketplace.sales_points.models import PickUp, PickUpStatus, SalesPoint

StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")


class PickUpError(ValueError):
    """A pick-up step that is not possible now, with a message for the staff."""


def _needs(lines: Iterable) -> dict[int, int]:
    """Units per product that must come from a point's shelf."""
    needs: dict[int, int] = defaultdict(int)
    for line in lines:
        if tracks_stock(line):
            needs[line.product_id] += line.quantity
    return dict(needs)


def points_serving(basket) -> list[SalesPoint]:
    """Active click-and-collect points that hold every line of ``basket`` free
    in their own stock (two queries)."""
    needs = _needs(basket.all_lines())
    if not needs:
        return []
    covered: dict[int, int] = defaultdict(int)
    for partner_id, product_id, free in (
        StockRecord.objects.filter(
            partner__sales_point__is_active=True, partner__sales_point__click_and_collect=True,
            product_id__in=needs, product__in=Product.objects.sellable(),
        )
        .annotate(free=Coalesce("num_in_stock", 0) - Coalesce("num_allocated", 0))
        .values_list("partner_id", "product_id", "free")
    ):
        if (free or 0) >= needs[product_id]:
            covered[partner_id] += 1
    partners = [partner_id for partner_id, count in covered.items() if count == len(needs)]
    return list(SalesPoint.objects.filter(partner_id__in=partners).select_related("province").order_by("name"))


def _order_moves(order) -> list[StockMove]:
    return [StockMove(line.stockrecord_id, line.quantity) for line in order.lines.all() if tracks_stock(line)]


def _set_lines(order, status: str) -> None:
    order.lines.update(status=status)


def mark_ready(user, pick_up: PickUp) -> None:
    """The order is packed at the counter: the buyer is told to come."""
    with transaction.atomic():
        pick_up = PickUp.objects.select_for_update().get(pk=pick_up.pk)
        if pick_up.status != PickUpStatus.WAITING:
            raise PickUpError(_("Only an order being prepared can be marked ready."))
        pick_up.status, pick_up.ready_at = PickUpStatus.READY, timezone.now()
        pick_up.save(update_fields=["status", "ready_at"])
        transaction.on_commit(lambda: send_pickup_email(pick_up.pk, "ready"))


def mark_collected(user, pick_up: PickUp, code: str) -> None:
    """The buyer showed the code and took the goods: the allocation leaves the
    shelf and the order is delivered."""
    if code.strip().upper() != pick_up.code:
        raise PickUpError(_("This pick-up code does not match the order."))
    with transaction.atomic():
        pick_up = PickUp.objects.select_for_update().select_related("order").get(pk=pick_up.pk)
        if pick_up.status not in (PickUpStatus.WAITING, PickUpStatus.READY):
            raise PickUpError(_("This order was already collected or released."))
        order = pick_up.order
        consume_stock(_order_moves(order), StockOrigin.for_user(LedgerSource.ONLINE_ORDER, user, order.number))
        pick_up.status, pick_up.collected_at = PickUpStatus.COLLECTED, timezone.now()
        pick_up.save(update_fields=["status", "collected_at"])
        _set_lines(order, LineStatus.DELIVERED)
        _set_order_status(order, OrderStatus.DELIVERED)
        credit_delivered_lines(user, list(order.lines.select_related("partner__producer")))
        transaction.on_commit(lambda: send_pickup_email(pick_up.pk, "collected"))


def _set_order_status(order, status: str) -> None:
    # Oscar's set_status checks its pipeline; a pick-up jumps straight to its end.
    type(order)._default_manager.filter(pk=order.pk).update(status=status)
    order.status = status


def release_uncollected(now: datetime.datetime | None = None) -> list[str]:
    """Cancel pick-ups nobody collected within ``CLICK_AND_COLLECT_HOLD_DAYS`` and
    give their stock back to the point's shelf; the order numbers released. Each
    order is its own transaction, so one failure does not hold back the rest."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.CLICK_AND_COLLECT_HOLD_DAYS)
    released = []
    for pk in PickUp.objects.filter(
        status__in=[PickUpStatus.WAITING, PickUpStatus.READY], created_at__lt=cutoff
    ).values_list("pk", flat=True):
        with transaction.atomic():
            pick_up = PickUp.objects.select_for_update().select_related("order").get(pk=pk)
            if pick_up.status not in (PickUpStatus.WAITING, PickUpStatus.READY):
                continue
            order = pick_up.order
            release_stock(_order_moves(order), StockOrigin(LedgerSource.ORDER_CANCELLED, reference=order.number))
            pick_up.status, pick_up.released_at = PickUpStatus.RELEASED, timezone.now()
            pick_up.save(update_fields=["status", "released_at"])
            _set_lines(order, LineStatus.CANCELLED)
            _set_order_status(order, OrderStatus.CANCELLED)
        released.append(order.number)
    return released


def send_pickup_email(pick_up_id: int, what: str) -> None:
    """Tell the buyer, in their checkout language, that their order is ready
    (with the code and the point's hours) or was collected."""
    pick_up = PickUp.objects.select_related("order", "sales_point__province").get(pk=pick_up_id)
    order = pick_up.order
    if not order.email:
        return
    with translation.override(order.language or settings.LANGUAGE_CODE):
        context = {"pick_up": pick_up, "order": order, "point": pick_up.sales_point,
                   "hold_days": settings.CLICK_AND_COLLECT_HOLD_DAYS,
                   "shop_name": settings.OSCAR_SHOP_NAME}
        subject = " ".join(render_to_string(f"sales_points/email/pickup_{what}_subject.txt", context).split())
        body = render_to_string(f"sales_points/email/pickup_{what}_body.txt", context)
    EmailMultiAlternatives(subject, body, settings.OSCAR_FROM_EMAIL, [order.email]).send()
