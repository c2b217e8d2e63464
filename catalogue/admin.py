from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.admin import *  # noqa: F401,F403

from catalogue.models import Certificate, RecognitionDecision


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0
    autocomplete_fields = ["product"]
    fields = ["product", "number", "star", "potential_5", "score", "valid_until", "status"]
    readonly_fields = ["valid_until"]


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


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["product", "star", "potential_5", "status", "valid_until", "decision"]
    list_filter = ["status", "star", "potential_5", "decision__issuing_level"]
    search_fields = ["product__title", "product__upc", "number", "decision__number"]
    list_select_related = ["product", "decision"]
    autocomplete_fields = ["product", "decision"]
    readonly_fields = ["date_created", "date_updated"]
