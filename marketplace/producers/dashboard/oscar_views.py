"""Oscar's dashboard index and login, for producers (``marketplace.loading``
serves these in place of ``dashboard.views``'s): a producer's dashboard starts at
their own home page, and the login form asks for an email address."""

from django.shortcuts import redirect
from oscar.apps.dashboard import views as oscar_views

from marketplace.producers.dashboard.forms import EmailLoginForm
from marketplace.producers.models import Producer


class IndexView(oscar_views.IndexView):
    def get(self, request, *args, **kwargs):
        if not request.user.is_staff and Producer.objects.for_user(request.user).exists():
            return redirect("producer-dashboard:producer-home")
        return super().get(request, *args, **kwargs)


class LoginView(oscar_views.LoginView):
    authentication_form = EmailLoginForm
