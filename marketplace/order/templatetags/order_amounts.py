"""``{{ order|amount_due }}`` and ``{{ order|amount_to_pay }}`` for the pages and
emails that show what a buyer is asked to pay (``marketplace.order.amounts``)."""

from django import template

from marketplace.order import amounts

register = template.Library()


@register.filter
def amount_due(order):
    return amounts.amount_due(order)


@register.filter
def amount_to_pay(order):
    """What the buyer still owes, or None once paid, refunded or failed."""
    return amounts.amount_to_pay(order)
