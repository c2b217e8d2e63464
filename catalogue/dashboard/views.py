"""Oscar's catalogue dashboard views, each followed by a reindex of what it changed.

Search (and the browse pages it serves) shows titles, prices, stock and visibility,
so every dashboard write schedules ``schedule_reindex`` for the products it touched
inside the same transaction; the reindex runs once the write has committed.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.dashboard.catalogue import views as oscar_views
from oscar.apps.dashboard.catalogue.mixins import PartnerProductFilterMixin
from oscar.core.loading import get_model

from catalogue import certification
from catalogue.dashboard.forms import StockRecordFormSet
from catalogue.search.indexing import schedule_reindex
from catalogue.verification import labels
from catalogue.verification.register import certificate_search_q
from marketplace.producers.models import Producer

Product = get_model("catalogue", "Product")


def with_children(product_ids: Iterable[int]) -> list[int]:
    """The products and their variants (a parent's edit shows in its children)."""
    ids = {pk for pk in product_ids if pk}
    if ids:
        ids |= set(Product.objects.filter(parent_id__in=ids).values_list("pk", flat=True))
    return sorted(ids)


def works_for_a_producer(user) -> bool:
    """A producer's user who is not an operator."""
    return not user.is_staff and Producer.objects.for_user(user).exists()


class ProducersUseTheirListingPages:
    """Oscar's product pages are the operators' (UPC, product types, search
    engine fields, no certified-title review): a producer's user is sent to their
    own listing pages, which check that the product is theirs."""

    def dispatch(self, request, *args, **kwargs):
        if works_for_a_producer(request.user):
            return redirect(self.producer_url(kwargs))
        return super().dispatch(request, *args, **kwargs)

    def producer_url(self, kwargs) -> str:
        if kwargs.get("pk"):
            return reverse("producer-dashboard:producer-product-update", kwargs={"pk": kwargs["pk"]})
        return reverse("producer-dashboard:producer-product-create")


class ProductListView(ProducersUseTheirListingPages, oscar_views.ProductListView):
    def producer_url(self, kwargs) -> str:
        return reverse("producer-dashboard:producer-home") + "#products"


class ProductCreateRedirectView(ProducersUseTheirListingPages, oscar_views.ProductCreateRedirectView):
    pass


class ProductCreateUpdateView(ProducersUseTheirListingPages, oscar_views.ProductCreateUpdateView):
    #: Stock counts typed here go through the stock module, with the ledger.
    stockrecord_formset = StockRecordFormSet

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


# OCOP certificates: producers download their own products' QR codes and label
# sheets and see how often shoppers checked them; operators see every certificate.

Certificate = get_model("catalogue", "Certificate")

#: "Recent" scans on the certificate list.
RECENT_SCAN_DAYS = 30


def certificates_visible_to(user):
    """Every certificate for operators; a producer's own products' certificates
    (through the partner they are a user of) for everyone else."""
    certificates = Certificate.objects.all()
    if user.is_staff:
        return certificates
    return certificates.filter(product__producer__partner__users=user)


class CertificateListView(generic.ListView):
    template_name = "oscar/dashboard/catalogue/certificate_list.html"
    context_object_name = "certificates"
    paginate_by = 50

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:100]
        since = certification.today() - datetime.timedelta(days=RECENT_SCAN_DAYS - 1)
        certificates = certificates_visible_to(self.request.user)
        if self.query:
            certificates = certificates.filter(certificate_search_q(self.query))
        return (
            certificates.select_related("decision", "product__producer")
            .annotate(
                recent_scans=Coalesce(Sum("scans__count", filter=Q(scans__day__gte=since)), 0),
                total_scans=Coalesce(Sum("scans__count"), 0),
            )
            .order_by("product__title", "-valid_until", "pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx |= {
            "query": self.query,
            "recent_days": RECENT_SCAN_DAYS,
            "labels_per_sheet": labels.LABELS_PER_SHEET,
            "max_copies": labels.MAX_COPIES,
        }
        return ctx


class CertificateDownloadView(generic.View):
    """The certificate's QR code (SVG or PNG) or a sheet of labels (PDF); another
    producer's certificate does not exist (404)."""

    kind = "svg"

    def get(self, request, code: str):
        certificate = get_object_or_404(
            certificates_visible_to(request.user).select_related("product"), code=code
        )
        if self.kind == "svg":
            body, content_type, name = labels.qr_svg(certificate), "image/svg+xml", f"ocop-{code}.svg"
        elif self.kind == "png":
            body, content_type, name = labels.qr_png(certificate), "image/png", f"ocop-{code}.png"
        else:
            copies = self.copies(request)
            if copies is None:
                return HttpResponseBadRequest(
                    _("Copies must be a whole number from 1 to %(max)d.") % {"max": labels.MAX_COPIES},
                    content_type="text/plain; charset=utf-8",
                )
            body, content_type = labels.label_sheet_pdf(certificate, copies), "application/pdf"
            name = f"ocop-labels-{code}.pdf"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @staticmethod
    def copies(request) -> int | None:
        value = request.GET.get("copies", "").strip() or str(labels.LABELS_PER_SHEET)
        if not value.isdigit() or not 1 <= int(value) <= labels.MAX_COPIES:
            return None
        return int(value)
