from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo shop for a fresh install: data, pictures, CMS pages and the
    ``load_demo`` and ``load_cms_demo`` commands. No models. Installed by the dev
    and test settings only, never in production."""

    name = "marketplace.demo"
    label = "demo"
    verbose_name = _("Demo data")
