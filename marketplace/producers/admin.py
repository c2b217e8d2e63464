from django.contrib import admin

from catalogue.search.indexing import schedule_reindex
from marketplace.producers.models import Producer


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "tax_code", "province", "is_women_led", "is_ethnic_minority"]
    list_filter = ["kind", "province", "is_women_led", "is_ethnic_minority"]
    search_fields = ["name", "tax_code"]
    list_select_related = ["province"]
    raw_id_fields = ["partner", "ward"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # Search shows the producer's name, kind and region on every product.
            schedule_reindex(obj.products.values_list("pk", flat=True))
