from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from catalogue import related
from catalogue.search.views import CatalogueView, ProductCategoryView  # noqa: F401
from catalogue.structured_data import product_json_ld
from marketplace.text import fold

Product = get_model("catalogue", "Product")
Province = get_model("regions", "Province")


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
        strips = related.product_strips(product)
        ctx["related_products"] = strips["related"]
        if ctx["certificate"] is None:
            ctx["alternatives"] = strips["alternatives"]
        ctx["producer_products"] = strips["producer"]
        ctx.update(self.delivery_context())
        ctx.update(self.sharing_context(product))
        return ctx

    def delivery_context(self) -> dict:
        """The province the buyer picked for the delivery estimate (``?province=``);
        the template asks shipping for the fee and time (``delivery_tags``)."""
        # Vietnamese alphabetical order, accents aside: "Cà Mau" before "Cao Bằng".
        provinces = sorted(Province.objects.only("code", "name"), key=lambda p: fold(p.name))
        chosen = self.request.GET.get("province", "")
        province = next((p for p in provinces if p.code == chosen), None)
        return {
            "provinces": provinces,
            "delivery_province": province,
        }

    def sharing_context(self, product) -> dict:
        """Absolute page and image URLs for share buttons, Open Graph and JSON-LD."""
        url = self.request.build_absolute_uri(product.get_absolute_url())
        image = product.primary_image
        image_url = None
        if getattr(image, "original", None):
            image_url = self.request.build_absolute_uri(image.original.url)
        purchase_info = self.request.strategy.fetch_for_product(product)
        return {
            "share_url": url,
            "share_image_url": image_url,
            "product_json_ld": product_json_ld(product, purchase_info, url, image_url),
        }
