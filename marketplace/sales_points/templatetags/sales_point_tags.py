from django import template

from marketplace.sales_points import public

register = template.Library()


@register.simple_tag(takes_context=True)
def sales_points_offering(context, product):
    """The sales points with ``product`` on their shelves now, with the distance
    from the buyer when the page's URL carries their location (``?lat=&lon=``)."""
    request = context.get("request")
    location = None
    if request is not None:
        location = public.parse_location(request.GET.get("lat"), request.GET.get("lon"))
    return public.points_offering(product, location)
