from django.urls import path

from catalogue.verification import views

urlpatterns = [
    path("", views.index, name="catalogue-verify-index"),
    path("<str:code>/", views.certificate_page, name="catalogue-verify"),
    path("<str:code>/scan.gif", views.scan, name="catalogue-verify-scan"),
]
