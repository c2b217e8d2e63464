"""Oscar's catalogue dashboard views, each followed by a reindex of what it changed.

Search (and the browse pages it serves) shows titles, prices, stock and visibility,
so every dashboard write schedules ``schedule_reindex`` for the products it touched
inside the same transaction; the reindex runs once the write has committed.
"""

from collections.abc import Iterable

from django.db import transaction
from oscar.apps.dashboard.catalogue import views as oscar_views
from oscar.apps.dashboard.catalogue.mixins import PartnerProductFilterMixin
from oscar.core.loading import get_model

from catalogue.search.indexing import schedule_reindex

Product = get_model("catalogue", "Product")


def with_children(product_ids: Iterable[int]) -> list[int]:
    """The products and their variants (a parent's edit shows in its children)."""
    ids = {pk for pk in product_ids if pk}
    if ids:
        ids |= set(Product.objects.filter(parent_id__in=ids).values_list("pk", flat=True))
    return sorted(ids)


class ProductCreateUpdateView(oscar_views.ProductCreateUpdateView):
    def forms_valid(self, form, formsets):
        with transaction.atomic():
            response = super().forms_valid(form, formsets)
            schedule_reindex(with_children([self.object.pk, self.object.parent_id]))
        return response


class ProductDeleteView(oscar_views.ProductDeleteView):
    def delete(self, request, *args, **kwargs):
        with transaction.atomic():
            product = self.get_object()
            # Collected before the delete: the reindex removes the documents of
            # products that no longer exist.
            product_ids = with_children([product.pk, product.parent_id])
            response = super().delete(request, *args, **kwargs)
            schedule_reindex(product_ids)
        return response


class ProductBulkActionConfirmView(oscar_views.ProductBulkActionConfirmView):
    """Oscar's product bulk actions (set prices, make public / non-public) all run
    from this confirmation step."""

    def execute_action(self, request, form):
        with transaction.atomic():
            objects = self.get_objects(form)
            product_ids = list(objects.values_list("pk", flat=True))
            result = self.intermediate_actions[self._action].execute(request, objects, form)
            schedule_reindex(with_children(product_ids))
        return result


class ProductLookupView(PartnerProductFilterMixin, oscar_views.ProductLookupView):
    """The product picker's search: a producer finds only their own products, as in
    the product list (Oscar's listed every producer's)."""

    def get_queryset(self):
        return self.filter_queryset(super().get_queryset())
