from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    """The project itself: wiring shared by every room (no models)."""

    name = "marketplace"
    label = "marketplace_site"
    verbose_name = _("Chợ OCOP")

    def ready(self):
        from marketplace.page_cache import connect_signals

        # In every process that writes (web, management commands, task workers),
        # so a page published from a scheduled command is seen at once too.
        connect_signals()
