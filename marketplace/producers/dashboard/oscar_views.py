"""Oscar's dashboard index and login, for producers (``marketplace.loading``
serves these in place of ``dashboard.views``'s): a producer's dashboard starts at
their own home page, a sales point's staff at their point's pick-ups, and the
login form asks for an email address."""

from django.shortcuts import redirect
from oscar.apps.dashboard import views as oscar_views

from marketplace.producers.dashboard.forms import EmailLoginForm
from marketplace.producers.models import Producer


class IndexView(oscar_views.IndexView):
    def get(self, request, *args, **kwargs):
        if not request.user.is_staff and Producer.objects.for_user(request.user).exists():
            return redirect("producer-dashboard:producer-home")
        # Oscar's index would show a sales point's staff the shop's statistics, all
        # zero for them (their stock and pick-ups are on their point's pages).
        if not request.user.is_staff and request.user.sales_points.exists():
            return redirect("sales-point-dashboard:home")
        return super().get(request, *args, **kwargs)


class LoginView(oscar_views.LoginView):
    authentication_form = EmailLoginForm
