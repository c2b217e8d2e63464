from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from catalogue.search.views import CatalogueView, ProductCategoryView  # noqa: F401

Product = get_model("catalogue", "Product")


class ProductDetailView(OscarProductDetailView):
    """A product page exists only for products that were once OCOP-certified.

    Certified today: full page with add-to-basket. Expired or revoked: the page stays
    (links and search engines keep working) with a notice and no add-to-basket.
    Never certified: 404 for the public; staff may preview.
    """

    def get_queryset(self):
        return Product.objects.base_queryset()

    def is_viewable(self, product, request):
        if not super().is_viewable(product, request):
            return False
        return product.was_ever_certified or request.user.is_staff

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        product = self.object
        ctx["certificate"] = product.current_certificate
        ctx["latest_certificate"] = product.latest_certificate
        return ctx
