from django.urls import path
from oscar.apps.dashboard.orders import apps


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Oscar's order dashboard with producer scoping: a producer (partner user)
    sees only orders holding their lines, only those lines and their prices, and
    moves only those lines along (``marketplace.order.fulfilment``)."""

    name = "marketplace.order.dashboard"

    def ready(self):
        super().ready()
        from marketplace.order.dashboard import views

        self.order_list_view = views.OrderListView
        self.order_detail_view = views.OrderDetailView
        self.line_detail_view = views.LineDetailView
        self.refunds_due_view = views.RefundsDueView
        self.mark_refunded_view = views.MarkRefundedView

    def get_urls(self):
        # Staff only: these names are not in permissions_map, so the app's
        # default permission (is_staff) applies; producers get the login page.
        urls = [
            path("refunds-due/", self.refunds_due_view.as_view(), name="order-refunds-due"),
            path("refunds-due/<int:event_id>/refunded/", self.mark_refunded_view.as_view(),
                 name="order-refund-mark-paid"),
        ]
        return self.post_process_urls(urls) + super().get_urls()

    def configure_permissions(self):
        super().configure_permissions()
        # Statistics add up whole orders and the address form edits the buyer's
        # address: operators only.
        for name in ("order-stats", "order-shipping-address"):
            self.permissions_map[name] = self.permissions_map[name][:1]
