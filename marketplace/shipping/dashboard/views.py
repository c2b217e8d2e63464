"""Delivery fees by zone in Oscar's dashboard (Fulfilment → Delivery fees)."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import generic
from oscar.core.loading import get_model

from marketplace.shipping.dashboard.forms import ShippingZoneForm

ShippingZone = get_model("shipping", "ShippingZone")
ShippingZoneProvince = get_model("shipping", "ShippingZoneProvince")
Province = get_model("regions", "Province")


class ShippingZoneListView(generic.ListView):
    template_name = "oscar/dashboard/shipping/zone_list.html"
    context_object_name = "zones"

    def get_queryset(self):
        memberships = ShippingZoneProvince.objects.select_related("province").order_by("province__name")
        return ShippingZone.objects.prefetch_related(Prefetch("memberships", queryset=memberships))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["provinces_without_zone"] = Province.objects.filter(
            shipping_zone_membership__isnull=True
        ).order_by("name")
        ctx["default_fee"] = settings.SHIPPING_DEFAULT_FEE_VND
        ctx["free_from"] = settings.FREE_SHIPPING_THRESHOLD_VND
        return ctx


class ShippingZoneFormMixin:
    model = ShippingZone
    form_class = ShippingZoneForm
    template_name = "oscar/dashboard/shipping/zone_form.html"
    success_url = reverse_lazy("dashboard:shipping-zone-list")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Delivery zone “%(name)s” saved.") % {"name": self.object.name})
        return response


class ShippingZoneCreateView(ShippingZoneFormMixin, generic.CreateView):
    pass


class ShippingZoneUpdateView(ShippingZoneFormMixin, generic.UpdateView):
    pass


class ShippingZoneDeleteView(generic.DeleteView):
    model = ShippingZone
    template_name = "oscar/dashboard/shipping/zone_delete.html"
    context_object_name = "zone"
    success_url = reverse_lazy("dashboard:shipping-zone-list")

    def form_valid(self, form):
        name = self.object.name
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Delivery zone “%(name)s” deleted; its provinces now pay the default fee.") % {"name": name},
        )
        return response
