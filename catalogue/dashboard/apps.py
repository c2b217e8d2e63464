from django.urls import path
from oscar.apps.dashboard.catalogue import apps
from oscar.core.loading import get_class


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's catalogue dashboard whose product edits (form, stock records, prices,
    deletion, bulk actions) reach the search index: an explicit reindex of the
    products concerned once the change has committed. Its product lookup is
    scoped to the producer's own products; producers' users are sent from
    Oscar's product pages to their own listing pages. Plus the OCOP certificates: their
    verification codes, QR codes, label sheets and scan counts, for operators
    (all) and producers (their own products')."""

    name = "catalogue.dashboard"

    def ready(self):
        super().ready()
        from catalogue.dashboard import views

        self.product_bulk_action_confirm_view = views.ProductBulkActionConfirmView
        self.product_createupdate_view = views.ProductCreateUpdateView
        self.product_list_view = views.ProductListView
        self.product_create_redirect_view = views.ProductCreateRedirectView
        self.product_delete_view = views.ProductDeleteView
        self.product_lookup_view = views.ProductLookupView
        self.certificate_list_view = views.CertificateListView
        self.certificate_download_view = views.CertificateDownloadView

    def configure_permissions(self):
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        producers_too = (DashboardPermission.staff, DashboardPermission.partner_dashboard_access)
        for name in ("catalogue-certificate-list", "catalogue-certificate-qr-svg",
                     "catalogue-certificate-qr-png", "catalogue-certificate-labels"):
            self.permissions_map[name] = producers_too
        # Producers edit their products on their own pages (``ProducersUseTheirListingPages``
        # sends them there); deleting and bulk changes stay with the operators.
        for name in ("catalogue-product-delete", "catalogue-product-bulk-action"):
            self.permissions_map[name] = self.permissions_map[name][0]

    def get_urls(self):
        download = self.certificate_download_view.as_view
        urls = [
            path("certificates/", self.certificate_list_view.as_view(), name="catalogue-certificate-list"),
            path("certificates/<str:code>/qr.svg", download(kind="svg"), name="catalogue-certificate-qr-svg"),
            path("certificates/<str:code>/qr.png", download(kind="png"), name="catalogue-certificate-qr-png"),
            path("certificates/<str:code>/labels.pdf", download(kind="pdf"), name="catalogue-certificate-labels"),
        ]
        return super().get_urls() + self.post_process_urls(urls)
