from django.contrib import admin

from marketplace.producers.models import Producer


@admin.register(Producer)
class ProducerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "tax_code", "province", "is_women_led", "is_ethnic_minority"]
    list_filter = ["kind", "province", "is_women_led", "is_ethnic_minority"]
    search_fields = ["name", "tax_code"]
    list_select_related = ["province"]
    raw_id_fields = ["partner", "ward"]
