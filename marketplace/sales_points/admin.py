from django.contrib import admin, messages
from django.utils.translation import gettext as _

from marketplace.sales_points.models import (
    CounterSale,
    SalesPoint,
    SalesPointToken,
    create_sales_point_token,
)


class SalesPointTokenInline(admin.TabularInline):
    model = SalesPointToken
    fields = ["name", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["name", "key_prefix", "created_at", "last_used_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Tokens are made by the "Create an API token" action, which shows it once.
        return False


@admin.register(SalesPoint)
class SalesPointAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "click_and_collect", "is_active"]
    list_filter = ["kind", "click_and_collect", "is_active", "province"]
    search_fields = ["code", "name"]
    raw_id_fields = ["partner", "ward", "province", "staff"]
    inlines = [SalesPointTokenInline]
    actions = ["create_token"]

    @admin.action(description=_("Create an API token"))
    def create_token(self, request, queryset):
        for sales_point in queryset:
            _record, token = create_sales_point_token(sales_point, _("Created in admin"), created_by=request.user)
            self.message_user(
                request,
                _("New API token for %(code)s (shown only now): %(token)s")
                % {"code": sales_point.code, "token": token},
                messages.WARNING,
            )


@admin.register(SalesPointToken)
class SalesPointTokenAdmin(admin.ModelAdmin):
    list_display = ["sales_point", "name", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["sales_point"]
    fields = ["sales_point", "name", "key_prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            token.revoke()


@admin.register(CounterSale)
class CounterSaleAdmin(admin.ModelAdmin):
    list_display = ["sales_point", "event_id", "stockrecord", "quantity", "outcome", "sold_at"]
    list_filter = ["outcome", "sales_point"]
    search_fields = ["event_id"]
    readonly_fields = [f.name for f in CounterSale._meta.fields]
