from django.conf import settings
from oscar.apps.shipping.repository import Repository as OscarRepository
from oscar.core.loading import get_model

from marketplace.shipping.methods import HomeDelivery

ShippingZoneProvince = get_model("shipping", "ShippingZoneProvince")


def delivery_fee(province_id: str | None) -> tuple[int, str]:
    """(fee in đồng, zone name) for a destination province; the default fee where
    the province has no zone or is not known yet (basket page estimate)."""
    if province_id:
        membership = (
            ShippingZoneProvince._default_manager.select_related("zone")
            .filter(province_id=province_id).first()
        )
        if membership:
            return membership.zone.fee, membership.zone.name
    return settings.SHIPPING_DEFAULT_FEE_VND, ""


class Repository(OscarRepository):
    """Home delivery priced by the destination province's zone. Baskets of
    tourism services only need no shipping (Oscar's ``NoShippingRequired``)."""

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        fee, zone = delivery_fee(getattr(shipping_addr, "province_id", None))
        return [HomeDelivery(fee, zone)]
