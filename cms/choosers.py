"""Choosing shop products from Wagtail: a ``ChooserViewSet`` over ``catalogue.Product``.

Stories may only point at products a visitor can buy today, so the chooser lists
sellable products only. Products are not Wagtail-indexed (the shop has its own
search), so the search box filters with plain lookups on titles, barcode and
producer.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenMultipleView,
    ChosenView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet

Product = get_model("catalogue", "Product")


class ProductSearchFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Product name, barcode or producer")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(
                Q(title__icontains=query)
                | Q(title_en__icontains=query)
                | Q(upc__iexact=query)
                | Q(producer__name__icontains=query)
            )
            self.is_searching = True
            self.search_query = query
        return objects


def choosable_products(user=None):
    """What a story may point at: products a visitor can buy today; for a
    producer's user (not staff), their own producer's only (their stories are
    about their products, and the list should not be every producer's)."""
    products = Product.objects.browsable().sellable()
    if user is not None and not user.is_staff and user.partners.exists():
        products = products.filter(producer__partner__users=user)
    return products


class SellableProductChooseMixin:
    filter_form_class = ProductSearchFilterForm
    ordering = ["title", "pk"]

    def get_object_list(self):
        return choosable_products(self.request.user).select_related("producer__province").with_certification()

    @property
    def columns(self):
        return [
            self.title_column,
            Column("star", label=_("Stars"), accessor=lambda p: f"{p.ocop_star}★"),
            Column(
                "producer",
                label=_("Producer"),
                accessor=lambda p: p.producer.name if p.producer else "",
            ),
            Column(
                "province",
                label=_("Province"),
                accessor=lambda p: p.producer.province.short_name if p.producer else "",
            ),
            Column("upc", label=_("SKU / barcode")),
        ]


class SellableProductChooseView(SellableProductChooseMixin, ChooseView):
    pass


class SellableProductChooseResultsView(SellableProductChooseMixin, ChooseResultsView):
    pass


class SellableProductChosenView(ChosenView):
    """The chooser's answer for one id: only a product the list offers (a revoked
    or expired one is a 404 like an unknown or malformed id)."""

    def get_object(self, pk):
        if not str(pk).isdigit():
            raise Product.DoesNotExist
        return choosable_products().get(pk=pk)


class SellableProductChosenMultipleView(ChosenMultipleView):
    def get_objects(self, pks):
        return choosable_products().filter(pk__in=[pk for pk in pks if pk.isdigit()])


class ProductChooserViewSet(ChooserViewSet):
    model = "catalogue.Product"
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit product")
    per_page = 20
    choose_view_class = SellableProductChooseView
    choose_results_view_class = SellableProductChooseResultsView
    chosen_view_class = SellableProductChosenView
    chosen_multiple_view_class = SellableProductChosenMultipleView
    #: Only the story's product block uses this chooser; leave other Product foreign
    #: keys in the admin alone.
    register_widget = False


product_chooser_viewset = ProductChooserViewSet("product_chooser", url_prefix="product-chooser")
