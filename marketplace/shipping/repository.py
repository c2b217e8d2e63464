from dataclasses import dataclass

from django.conf import settings
from oscar.apps.shipping.repository import Repository as OscarRepository
from oscar.core.loading import get_model

from marketplace.shipping.methods import HomeDelivery

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
    """Home delivery priced by the destination province's zone. Baskets of
    tourism services only need no shipping (Oscar's ``NoShippingRequired``)."""

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        fee, zone = delivery_fee(getattr(shipping_addr, "province_id", None))
        return [HomeDelivery(fee, zone)]
