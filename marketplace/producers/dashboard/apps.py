from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

#: Producers (their partner's dashboard access) and operators.
PRODUCERS_AND_STAFF = (["is_staff"], ["partner.dashboard_access"])
OFFICERS = ["catalogue.review_certificateapplication"]


class ProducerDashboardConfig(OscarDashboardConfig):
    """The producer's side of the dashboard, at /dashboard/producer/: certificate
    applications (with the OCOP officers' queue) and the sales report. Each view
    also scopes its objects to the user (``catalogue.applications``)."""

    label = "producer_dashboard"
    name = "marketplace.producers.dashboard"
    namespace = "producer-dashboard"
    verbose_name = _("Producer dashboard")

    default_permissions = PRODUCERS_AND_STAFF
    permissions_map = {
        "application-list": (["is_staff"], ["partner.dashboard_access"], OFFICERS),
        "application-detail": (["is_staff"], ["partner.dashboard_access"], OFFICERS),
        "application-scan": (["is_staff"], ["partner.dashboard_access"], OFFICERS),
        "application-create": ["partner.dashboard_access"],
        "application-approve": OFFICERS,
        "application-reject": OFFICERS,
        "sales-report": PRODUCERS_AND_STAFF,
    }

    def get_urls(self):
        from marketplace.producers.dashboard import applications, reports

        urls = [
            path("applications/", applications.ApplicationListView.as_view(), name="application-list"),
            path("applications/new/", applications.ApplicationCreateView.as_view(), name="application-create"),
            path("applications/<int:pk>/", applications.ApplicationDetailView.as_view(), name="application-detail"),
            path("applications/<int:pk>/scan/", applications.application_scan, name="application-scan"),
            path("applications/<int:pk>/approve/", applications.approve, name="application-approve"),
            path("applications/<int:pk>/reject/", applications.reject, name="application-reject"),
            path("sales/", reports.SalesReportView.as_view(), name="sales-report"),
        ]
        return self.post_process_urls(urls)
