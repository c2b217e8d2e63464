from oscar.apps.dashboard.catalogue import apps


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's catalogue dashboard whose product edits (form, stock records, prices,
    deletion, bulk actions) reach the search index: an explicit reindex of the
    products concerned once the change has committed. Its product lookup is
    scoped to the producer's own products."""

    name = "catalogue.dashboard"

    def ready(self):
        super().ready()
        from catalogue.dashboard import views

        self.product_bulk_action_confirm_view = views.ProductBulkActionConfirmView
        self.product_createupdate_view = views.ProductCreateUpdateView
        self.product_delete_view = views.ProductDeleteView
        self.product_lookup_view = views.ProductLookupView
