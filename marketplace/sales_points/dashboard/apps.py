from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class SalesPointDashboardConfig(OscarDashboardConfig):
    """A sales point's staff side of the dashboard (``/dashboard/sales-point/``):
    the pick-ups to prepare and hand over, and the stock take by file. Staff have
    ``partner.dashboard_access``; each view serves only the points the user is
    staff of (``PointMixin``), operators all of them."""

    label = "sales_point_dashboard"
    name = "marketplace.sales_points.dashboard"
    verbose_name = _("Sales point dashboard")
    namespace = "sales-point-dashboard"
    default_permissions = (["is_staff"], ["partner.dashboard_access"])

    def ready(self):
        from marketplace.sales_points.dashboard import views

        self.views = views

    def get_urls(self):
        views = self.views
        urls = [
            path("", views.HomeView.as_view(), name="home"),
            path("stock/", views.HomeView.as_view(target="stock-take"), name="stock-home"),
            path("<str:code>/pick-ups/", views.PickUpListView.as_view(), name="pickup-list"),
            path("<str:code>/pick-ups/<int:pk>/", views.PickUpDetailView.as_view(), name="pickup-detail"),
            path("<str:code>/stock/", views.StockTakeView.as_view(), name="stock-take"),
            path("<str:code>/stock/template.csv", views.stock_template, name="stock-template"),
        ]
        return self.post_process_urls(urls)
