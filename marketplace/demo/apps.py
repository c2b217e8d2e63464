from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for a fresh install (``manage.py load_demo``). No models."""

    name = "marketplace.demo"
    label = "demo"
    verbose_name = _("Demo data")
