from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayoutsConfig(AppConfig):
    name = "marketplace.payouts"
    label = "payouts"
    verbose_name = _("Producer payouts")
    default_auto_field = "django.db.models.BigAutoField"
