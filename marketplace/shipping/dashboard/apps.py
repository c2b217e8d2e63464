from django.urls import path
from oscar.apps.dashboard.shipping import apps


class ShippingDashboardConfig(apps.ShippingDashboardConfig):
    """Oscar's shipping dashboard plus the delivery fee table: zones of provinces and
    their home-delivery fee. Staff only (the dashboard app's default permission)."""

    name = "marketplace.shipping.dashboard"

    def ready(self):
        super().ready()
        from marketplace.shipping.dashboard import views

        self.zone_list_view = views.ShippingZoneListView
        self.zone_create_view = views.ShippingZoneCreateView
        self.zone_update_view = views.ShippingZoneUpdateView
        self.zone_delete_view = views.ShippingZoneDeleteView

    def get_urls(self):
        urls = [
            path("zones/", self.zone_list_view.as_view(), name="shipping-zone-list"),
            path("zones/create/", self.zone_create_view.as_view(), name="shipping-zone-create"),
            path("zones/<int:pk>/", self.zone_update_view.as_view(), name="shipping-zone-update"),
            path("zones/<int:pk>/delete/", self.zone_delete_view.as_view(), name="shipping-zone-delete"),
        ]
        return super().get_urls() + self.post_process_urls(urls)
