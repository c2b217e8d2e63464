from django.core.management.base import BaseCommand

from marketplace.accounts.sites import sync_site


class Command(BaseCommand):
    help = "Set the Site's domain and name from SITE_URL and the shop name (run after changing SITE_URL)."

    def handle(self, *args, **options):
        site, changed = sync_site()
        state = "updated" if changed else "already up to date"
        self.stdout.write(f"Site {site.pk}: {site.domain} ({site.name}) {state}")
