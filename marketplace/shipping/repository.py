from dataclasses import dataclass

from django.conf import settings
from oscar.apps.shipping.repository import Repository as OscarRepository
from oscar.core.loading import get_class, get_model

from marketplace.shipping.methods import ClickAndCollect, HomeDelivery

ShippingZoneProvince = get_model("shipping", "ShippingZoneProvince")


@dataclass(frozen=True)
class DeliveryEstimate:
    """What home delivery to a province costs and how long it takes."""

    fee: int
    days_min: int
    days_max: int
    zone_name: str = ""


def delivery_estimate(province_id: str | None) -> DeliveryEstimate:
    """Fee and expected days for a destination province: its zone's, or the
    defaults where the province has no zone or is not known yet."""
    if province_id:
        membership = (
            ShippingZoneProvince._default_manager.select_related("zone")
            .filter(province_id=province_id).first()
        )
        if membership:
            zone = membership.zone
            return DeliveryEstimate(zone.fee, zone.delivery_days_min, zone.delivery_days_max, zone.name)
    days_min, days_max = settings.SHIPPING_DEFAULT_DELIVERY_DAYS
    return DeliveryEstimate(settings.SHIPPING_DEFAULT_FEE_VND, days_min, days_max)


def delivery_fee(province_id: str | None) -> tuple[int, str]:
    """(fee in đồng, zone name) for a destination province; the default fee where
    the province has no zone or is not known yet (basket page estimate)."""
    estimate = delivery_estimate(province_id)
    return estimate.fee, estimate.zone_name


class Repository(OscarRepository):
    """Home delivery priced by the destination province's zone, or pick-up at the
    sales point the buyer chose (``checkout:pick-up``). Baskets of tourism
    services only need no shipping (Oscar's ``NoShippingRequired``)."""

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        point = collection_point(kwargs.get("request"))
        if point is not None:
            return [ClickAndCollect(point)]
        fee, zone = delivery_fee(getattr(shipping_addr, "province_id", None))
        return [HomeDelivery(fee, zone)]


def collection_point(request):
    """The active click-and-collect point the buyer chose at checkout, if any.
    Whether it still holds the basket is checked when the order is placed (a
    conditional update on its stock records), as for home delivery."""
    if request is None:
        return None
    from marketplace.sales_points.models import SalesPoint

    # Loaded as Oscar's checkout loads it: the checkout is a layer above shipping.
    code = get_class("checkout.utils", "CheckoutSessionData")(request).collection_point_code()
    if not code:
        return None
    return SalesPoint.objects.active().filter(code=code, click_and_collect=True).select_related(
        "partner", "province").first()
