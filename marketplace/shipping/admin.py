from django.contrib import admin
from oscar.apps.shipping.admin import *  # noqa: F401,F403
from oscar.core.loading import get_model

ShippingZone = get_model("shipping", "ShippingZone")
ShippingZoneProvince = get_model("shipping", "ShippingZoneProvince")


class ShippingZoneProvinceInline(admin.TabularInline):
    model = ShippingZoneProvince
    extra = 3


@admin.register(ShippingZone)
class ShippingZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "fee", "province_count")
    inlines = [ShippingZoneProvinceInline]

    @admin.display(description="provinces")
    def province_count(self, zone):
        return zone.memberships.count()
