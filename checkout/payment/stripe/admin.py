from django.contrib import admin

from checkout.payment.stripe.models import StripeIntentOutcome


@admin.register(StripeIntentOutcome)
class StripeIntentOutcomeAdmin(admin.ModelAdmin):
    """Read-only: which card payments became orders and which were refunded because
    their buyer never came back (the webhook's delayed refund)."""

    list_display = ["intent_id", "outcome", "order_number", "refund_id", "recorded_at"]
    list_filter = ["outcome", "recorded_at"]
    search_fields = ["intent_id", "order_number", "refund_id"]
    date_hierarchy = "recorded_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
