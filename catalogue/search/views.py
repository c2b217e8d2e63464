"""Catalogue browse and category pages (replacing Oscar's haystack views)."""

from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


class CatalogueView(ListView):
    template_name = "oscar/catalogue/browse.html"
    context_object_name = "products"
    paginate_by = 24

    def get_queryset(self):
        return (
            Product.objects.browsable()
            .sellable()
            .base_queryset()
            .order_by("-date_created", "-pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["summary"] = _("All products")
        return ctx


class ProductCategoryView(CatalogueView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        expected = self.category.get_absolute_url()
        if request.path != expected and not request.path.endswith(expected.split("/", 2)[-1]):
            return redirect(expected, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        categories = self.category.get_descendants_and_self()
        return super().get_queryset().filter(categories__in=categories).distinct()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["category"] = self.category
        ctx["summary"] = self.category.get_name()
        return ctx
