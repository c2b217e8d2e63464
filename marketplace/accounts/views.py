from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.customer import views as oscar_views

from marketplace.accounts.forms import RegistrationForm
from marketplace.accounts.registration import activate, register_customer, user_for_activation


class AccountAuthView(oscar_views.AccountAuthView):
    """``/accounts/login/``: Oscar's sign-in and registration page, whose
    registration answers "check your email" whether or not the address has an
    account, and signs nobody in before they open the emailed link."""

    registration_form_class = RegistrationForm

    def get_login_success_url(self, form):
        """A producer's user (every partner is a producer) lands on their home page."""
        url = super().get_login_success_url(form)
        if url == settings.LOGIN_REDIRECT_URL and form.get_user().partners.exists():
            return reverse("producer-dashboard:producer-home")
        return url

    def validate_registration_form(self):
        form = self.get_registration_form(bind_data=True)
        if form.is_valid():
            register_customer(form)
            return redirect("accounts-registration-sent")
        return self.render_to_response(self.get_context_data(registration_form=form))


class AccountRegistrationView(oscar_views.AccountRegistrationView):
    """``/accounts/register/``, the same way."""

    form_class = RegistrationForm

    def form_valid(self, form):
        register_customer(form)
        return redirect("accounts-registration-sent")


class RegistrationSentView(generic.TemplateView):
    template_name = "accounts/registration_sent.html"


class ActivationView(generic.TemplateView):
    """The emailed link: activates the account and signs its owner in."""

    template_name = "accounts/activation_invalid.html"

    def get(self, request, uidb64, token):
        user = user_for_activation(uidb64, token)
        if user is None:
            return self.render_to_response({}, status=400)
        activate(user)
        login(request, user, backend="marketplace.accounts.backends.EmailBackend")
        messages.success(request, _("Your account is active. Welcome!"))
        return redirect("customer:summary")
