from django.contrib import admin

from marketplace.regions.models import Province, RegionAlias, Ward


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type", "latitude", "longitude"]
    search_fields = ["code", "name", "short_name"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "division_type"]
    list_filter = ["province"]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ["province"]


@admin.register(RegionAlias)
class RegionAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "ward"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "key"]
    list_select_related = ["province", "ward__province"]
