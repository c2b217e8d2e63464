"""Approximate prices in the buyer's chosen currency (``marketplace.currency``)."""

from django import template

from marketplace import currency

register = template.Library()


@register.inclusion_tag("oscar/catalogue/partials/approx_price.html", takes_context=True)
def approx_price(context, amount_vnd) -> dict:
    """"≈ US$4.58 (approx.)" after a price in đồng, when the buyer chose a currency."""
    code = context.get("display_currency")
    if code is None or amount_vnd is None:
        return {"approx": None}
    return {"approx": currency.format_approximate(amount_vnd, code), "code": code}
