from django.urls import path

from marketplace.sales_points import views

app_name = "sales-points"

urlpatterns = [
    path("", views.SalesPointListView.as_view(), name="list"),
    path("<str:code>/", views.SalesPointDetailView.as_view(), name="detail"),
]
