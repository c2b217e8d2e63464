from django import template

from marketplace.shipping.repository import DeliveryEstimate, delivery_estimate

register = template.Library()


@register.simple_tag
def delivery_to(province) -> DeliveryEstimate:
    """``{% delivery_to province as delivery %}``: fee and days of home delivery to
    ``province`` (the defaults when it is None)."""
    return delivery_estimate(province.code if province else None)
