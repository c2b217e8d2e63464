from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

#: Producers (their partner's dashboard access) and operators.
PRODUCERS_AND_STAFF = (["is_staff"], ["partner.dashboard_access"])
#: OCOP officers review certificate applications and listing changes.
OFFICERS = ["catalogue.review_certificateapplication"]
#: Operators only.
OPERATOR_PAYOUT_URLS = (
    "payout-statements", "payout-statement", "payout-statement-approve", "payout-statement-cancel",
    "payout-statement-paid", "payout-bank-file", "payout-bank-accounts", "payout-bank-account-decide",
    "commission-rates", "commission-rate-create", "commission-rate-update", "payout-report",
)


class ProducerDashboardConfig(OscarDashboardConfig):
    """The producer's own side of the dashboard (``/dashboard/producer/``): their
    home page, products, colleagues, certificate applications and sales report;
    and the OCOP officers' queues (applications, listing changes). Producer views
    need ``partner.dashboard_access`` and serve only the user's own producer
    (``ProducerMixin``, ``catalogue.applications``)."""

    label = "producer_dashboard"
    name = "marketplace.producers.dashboard"
    verbose_name = _("Producer dashboard")
    namespace = "producer-dashboard"
    default_permissions = ["partner.dashboard_access"]
    permissions_map = {
        "producer-invitation-accept": None,
        "producer-operator-invite": ["is_staff"],
        "producer-listing-changes": (["is_staff"], OFFICERS),
        "producer-listing-change": (["is_staff"], OFFICERS),
        "application-list": (["is_staff"], ["partner.dashboard_access"], OFFICERS),
        "application-detail": (["is_staff"], ["partner.dashboard_access"], OFFICERS),
        "application-scan": (["is_staff"], ["partner.dashboard_access"], OFFICERS),
        "application-create": ["partner.dashboard_access"],
        "application-approve": OFFICERS,
        "application-reject": OFFICERS,
        "sales-report": PRODUCERS_AND_STAFF,
        # The operators' payout pages (``payouts.py``).
        **{name: ["is_staff"] for name in OPERATOR_PAYOUT_URLS},
    }

    def ready(self):
        from marketplace.producers.dashboard import applications, money, payouts, reports, views

        self.views, self.applications, self.reports = views, applications, reports
        self.money, self.payouts = money, payouts

    def get_urls(self):
        views, applications, reports = self.views, self.applications, self.reports
        money, payouts = self.money, self.payouts
        urls = [
            path("", views.HomeView.as_view(), name="producer-home"),
            path("products/new/", views.ProductCreateView.as_view(), name="producer-product-create"),
            path("products/<int:pk>/", views.ProductUpdateView.as_view(), name="producer-product-update"),
            path("team/", views.TeamView.as_view(), name="producer-team"),
            path("invite/", views.OperatorInvitationView.as_view(), name="producer-operator-invite"),
            path("invitation/<str:uidb64>/<str:token>/", views.InvitationAcceptView.as_view(),
                 name="producer-invitation-accept"),
            path("listing-changes/", views.ListingChangeListView.as_view(), name="producer-listing-changes"),
            path("listing-changes/<int:pk>/", views.ListingChangeDecideView.as_view(),
                 name="producer-listing-change"),
            path("applications/", applications.ApplicationListView.as_view(), name="application-list"),
            path("applications/new/", applications.ApplicationCreateView.as_view(), name="application-create"),
            path("applications/<int:pk>/", applications.ApplicationDetailView.as_view(),
                 name="application-detail"),
            path("applications/<int:pk>/scan/", applications.application_scan, name="application-scan"),
            path("applications/<int:pk>/approve/", applications.approve, name="application-approve"),
            path("applications/<int:pk>/reject/", applications.reject, name="application-reject"),
            path("sales/", reports.SalesReportView.as_view(), name="sales-report"),
            path("money/", money.MoneyView.as_view(), name="producer-money"),
            path("money/statements/<int:pk>/", money.StatementView.as_view(), name="producer-statement"),
            path("money/statements/<int:pk>/pdf/", money.StatementPdfView.as_view(), name="producer-statement-pdf"),
            path("money/bank-account/", money.BankAccountView.as_view(), name="producer-bank-account"),
            *payouts.urls(),
        ]
        return self.post_process_urls(urls)
