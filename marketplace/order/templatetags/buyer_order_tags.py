from django import template

from marketplace.order.buyer import buyer_lines

register = template.Library()


@register.simple_tag
def order_lines_for_buyer(order):
    return buyer_lines(order)
