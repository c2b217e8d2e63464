from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class SalesPointDashboardConfig(OscarDashboardConfig):
    """A sales point's staff side of the dashboard (``/dashboard/sales-point/``):
    the pick-ups to prepare and hand over, the stock take by file and the
    point's API tokens; operators add and edit the points (``point-*``). Staff have
    ``partner.dashboard_access``; each view serves only the points the user is
    staff of (``PointMixin``), operators all of them."""

    label = "sales_point_dashboard"
    name = "marketplace.sales_points.dashboard"
    verbose_name = _("Sales point dashboard")
    namespace = "sales-point-dashboard"
    default_permissions = (["is_staff"], ["partner.dashboard_access"])
    #: Adding and editing points is for operators only.
    permissions_map = {
        "point-list": (["is_staff"],),
        "point-create": (["is_staff"],),
        "point-edit": (["is_staff"],),
    }

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
            path("<str:code>/tokens/", views.TokenListView.as_view(), name="token-list"),
            path("<str:code>/tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token-revoke"),
            path("points/", views.OperatorPointListView.as_view(), name="point-list"),
            path("points/new/", views.OperatorPointCreateView.as_view(), name="point-create"),
            path("points/<str:code>/edit/", views.OperatorPointUpdateView.as_view(), name="point-edit"),
        ]
        return self.post_process_urls(urls)
