from django.contrib import admin

from checkout.payment.vnpay.models import VnpayRefund, VnpayTransaction


class ReadOnlyAdmin(admin.ModelAdmin):
    """What VNPay and the shop recorded: for looking up, never for editing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VnpayTransaction)
class VnpayTransactionAdmin(ReadOnlyAdmin):
    list_display = ["txn_ref", "order_number", "amount", "status", "transaction_no", "bank_code", "created_at"]
    list_filter = ["status", "bank_code", "created_at"]
    search_fields = ["txn_ref", "order_number", "transaction_no"]
    date_hierarchy = "created_at"


@admin.register(VnpayRefund)
class VnpayRefundAdmin(ReadOnlyAdmin):
    list_display = ["idempotency_key", "transaction", "amount", "reference", "created_at"]
    search_fields = ["idempotency_key", "transaction__txn_ref", "transaction__order_number", "reference"]
