from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.admin import *  # noqa: F401,F403

from catalogue.certificates import redate_decision
from catalogue.certification import certificate_valid_until, today
from catalogue.models import Certificate, OfficerScope, RecognitionDecision
from catalogue.search.indexing import schedule_reindex

# Operators verify certificates here. Every change that can make a product start or
# stop being sellable (a new certificate, a star, a status, a corrected signing date,
# a deletion) is followed by an explicit reindex of the products concerned; Django
# admin saves inside a transaction, so the reindex runs once it has committed.


def prepare_certificate(certificate, changed: list[str]) -> None:
    """Fill in what an operator does not type: the validity follows the decision,
    a revocation is dated."""
    if certificate.decision_id and ("decision" in changed or not certificate.valid_until):
        certificate.valid_until = certificate_valid_until(certificate.decision.signed_on)
    if certificate.status == Certificate.STATUS_REVOKED and not certificate.revoked_on:
        certificate.revoked_on = today()
    if certificate.status != Certificate.STATUS_REVOKED:
        certificate.revoked_on = None


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0
    autocomplete_fields = ["product"]
    fields = ["product", "number", "star", "potential_5", "score", "valid_until", "status", "revocation_reason", "revocation_reason_en", "code"]
    readonly_fields = ["valid_until", "code"]


@admin.register(RecognitionDecision)
class RecognitionDecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "signed_on", "issuing_body", "issuing_level", "criteria_version", "certificate_count"]
    list_filter = ["issuing_level", "criteria_version", "signed_on"]
    search_fields = ["number", "issuing_body"]
    date_hierarchy = "signed_on"
    inlines = [CertificateInline]

    @admin.display(description=_("certificates"))
    def certificate_count(self, obj):
        return obj.certificates.count()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "signed_on" in form.changed_data:
            redate_decision(obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Certificate:
            return super().save_formset(request, form, formset, change)
        certificates = formset.save(commit=False)
        touched = set()
        for certificate in formset.deleted_objects:
            touched.add(certificate.product_id)
            certificate.delete()
        for certificate in certificates:
            # The inline form knows its own changes; a certificate moved from one
            # product to another changes both.
            inline_form = next(f for f in formset.forms if f.instance is certificate)
            if "product" in inline_form.changed_data and "product" in inline_form.initial:
                touched.add(inline_form.initial["product"])
            changed = list(inline_form.changed_data)
            if "signed_on" in form.changed_data:
                changed.append("decision")  # saved after redate_decision: keep the new date
            prepare_certificate(certificate, changed)
            certificate.save()
            touched.add(certificate.product_id)
        formset.save_m2m()
        schedule_reindex(touched)


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["product", "star", "potential_5", "status", "valid_until", "decision", "code"]
    list_filter = ["status", "star", "potential_5", "decision__issuing_level"]
    search_fields = ["product__title", "product__upc", "number", "decision__number", "code"]
    list_select_related = ["product", "decision"]
    autocomplete_fields = ["product", "decision", "superseded_by"]
    readonly_fields = ["code", "valid_until", "revoked_on", "date_created", "date_updated"]

    def save_model(self, request, obj, form, change):
        previous_product = form.initial.get("product") if change else None
        prepare_certificate(obj, form.changed_data)
        super().save_model(request, obj, form, change)
        schedule_reindex([obj.product_id, previous_product])

    def delete_model(self, request, obj):
        product_id = obj.product_id
        super().delete_model(request, obj)
        schedule_reindex([product_id])

    def delete_queryset(self, request, queryset):
        product_ids = list(queryset.values_list("product_id", flat=True))
        super().delete_queryset(request, queryset)
        schedule_reindex(product_ids)


@admin.register(OfficerScope)
class OfficerScopeAdmin(admin.ModelAdmin):
    """Limits an OCOP officer (a member of the ``OCOP_OFFICERS_GROUP`` group) to
    some provinces; an officer without one reviews every province."""

    list_display = ["user", "province_names"]
    search_fields = ["user__email", "user__username"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["provinces"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("provinces")

    @admin.display(description=_("provinces"))
    def province_names(self, scope: OfficerScope) -> str:
        return ", ".join(province.name for province in scope.provinces.all())
