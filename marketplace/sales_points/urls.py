from django.urls import path

from marketplace.sales_points import api

urlpatterns = [
    path("<str:code>/stock/", api.StockView.as_view(), name="sales-point-stock"),
    path("<str:code>/sales/", api.SalesView.as_view(), name="sales-point-sales"),
    path("<str:code>/ledger/", api.LedgerView.as_view(), name="sales-point-ledger"),
]
