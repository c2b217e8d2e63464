from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Customer accounts around Oscar's: the shop's Site from SITE_URL, login
    throttling, constant-time authentication, and registration that does not tell
    whether an email address already has an account."""

    name = "marketplace.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
