from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    """The project itself: wiring shared by every room (no models)."""

    name = "marketplace"
    label = "marketplace_site"
    verbose_name = "Chợ OCOP"  # the shop's name, in every language

    def ready(self):
        from marketplace.page_cache import connect_signals

        # In every process that writes (web, management commands, task workers),
        # so a page published from a scheduled command is seen at once too.
        connect_signals()
