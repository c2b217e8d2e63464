from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class ProducerDashboardConfig(OscarDashboardConfig):
    """The producer's own side of the dashboard (``/dashboard/producer/``): their
    home page, products and colleagues; and the officers' review of listing
    changes. Producer views need ``partner.dashboard_access`` and serve only the
    user's own producer (``ProducerMixin``)."""

    label = "producer_dashboard"
    name = "marketplace.producers.dashboard"
    verbose_name = _("Producer dashboard")
    namespace = "producer-dashboard"
    default_permissions = ["partner.dashboard_access"]
    permissions_map = {
        "producer-invitation-accept": None,
        "producer-operator-invite": ["is_staff"],
        "producer-listing-changes": ["is_staff"],
        "producer-listing-change": ["is_staff"],
    }

    def ready(self):
        from marketplace.producers.dashboard import views

        self.views = views

    def get_urls(self):
        views = self.views
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
        ]
        return self.post_process_urls(urls)
