"""The payment instructions on the buyer's order page (the signed-in account's
and the guest's signed link), from the same method hook and partial as the
thank-you page."""

from django import template

from checkout.payment import payment_instructions_due

register = template.Library()


@register.inclusion_tag("checkout/order/partials/payment_due.html", takes_context=True)
def payment_instructions_for_buyer(context, order):
    # An inclusion tag renders with a fresh context: the request goes along for
    # the CSP nonce of the instructions' script.
    return {"order": order, "request": context.get("request"), **payment_instructions_due(order)}
