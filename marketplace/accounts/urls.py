"""Placed before Oscar's customer URLs (``marketplace/urls.py``): the same paths,
our registration views."""

from django.urls import path

from marketplace.accounts import views

urlpatterns = [
    path("accounts/login/", views.AccountAuthView.as_view(), name="accounts-login"),
    path("accounts/register/", views.AccountRegistrationView.as_view(), name="accounts-register"),
    path("accounts/register/sent/", views.RegistrationSentView.as_view(), name="accounts-registration-sent"),
    path("accounts/activate/<str:uidb64>/<str:token>/", views.ActivationView.as_view(), name="accounts-activate"),
]
