from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class ReconciliationDashboardConfig(OscarDashboardConfig):
    """The operators' bank statement pages (``/dashboard/reconciliation/``):
    upload a statement, see what it matched, decide the review list. Staff only."""

    label = "reconciliation_dashboard"
    name = "checkout.reconciliation.dashboard"
    verbose_name = _("Bank statement reconciliation")
    namespace = "reconciliation-dashboard"
    default_permissions = (["is_staff"],)

    def ready(self):
        from checkout.reconciliation.dashboard import views

        self.views = views

    def get_urls(self):
        views = self.views
        urls = [
            path("", views.StatementListView.as_view(), name="statement-list"),
            path("statements/<int:pk>/", views.StatementDetailView.as_view(), name="statement-detail"),
            path("review/", views.ReviewListView.as_view(), name="review"),
            path("lines/<int:pk>/decide/", views.decide, name="decide"),
        ]
        return self.post_process_urls(urls)
