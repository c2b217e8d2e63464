from django.urls import path
from oscar.apps.dashboard.reports import apps


class ReportsDashboardConfig(apps.ReportsDashboardConfig):
    """Oscar's reports plus the OCOP programme's figures (the tables of the
    provinces' OCOP reports, with CSV and XLSX downloads) and the certificates
    scanned after they lapsed. Staff only (the app's default permission)."""

    name = "marketplace.reports.dashboard"

    def ready(self):
        super().ready()
        from marketplace.reports.dashboard import views

        self.figures_view = views.ProgrammeFiguresView
        self.lapsed_scans_view = views.LapsedScansView

    def get_urls(self):
        urls = [
            path("ocop/", self.figures_view.as_view(), name="reports-ocop-figures"),
            path("ocop/lapsed-scans/", self.lapsed_scans_view.as_view(), name="reports-ocop-lapsed-scans"),
        ]
        return super().get_urls() + self.post_process_urls(urls)
