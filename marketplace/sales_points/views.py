"""The public sales point pages: all points by province (with "near me"), and
each point's page with its products. Thin views over ``public``."""

from django.shortcuts import get_object_or_404
from django.views import generic

from marketplace.sales_points import public


class SalesPointListView(generic.TemplateView):
    """``/sales-points/``: every active point, grouped by province; nearest first
    when the buyer shared a location (``?lat=&lon=``); ``?province=`` keeps one."""

    template_name = "sales_points/list.html"

    def get_context_data(self, **kwargs):
        location = public.parse_location(self.request.GET.get("lat"), self.request.GET.get("lon"))
        province = self.request.GET.get("province", "")
        provinces = public.provinces_with_points()
        if province not in {p.code for p in provinces}:
            province = ""
        return super().get_context_data(
            groups=public.points_by_province(location, province), location=location,
            provinces=provinces, province=province, **kwargs,
        )


class SalesPointDetailView(generic.ListView):
    """``/sales-points/<code>/``: a point's address, hours, phone, click and
    collect, and the products it has now (paginated)."""

    template_name = "sales_points/detail.html"
    context_object_name = "records"
    paginate_by = 24

    def get_queryset(self):
        self.point = get_object_or_404(public.active_points(), code=self.kwargs["code"])
        return public.point_products(self.point)

    def get_context_data(self, **kwargs):
        location = public.parse_location(self.request.GET.get("lat"), self.request.GET.get("lon"))
        return super().get_context_data(
            point=self.point, maps=public.map_links(self.point),
            distance=public.distance_km(self.point, location), **kwargs,
        )
