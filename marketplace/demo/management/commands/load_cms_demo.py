"""``manage.py load_cms_demo``: the CMS part of the demo alone (``load_demo`` runs it too)."""

from django.core.management.base import BaseCommand

from marketplace.demo.pages import load_cms_demo


class Command(BaseCommand):
    help = "Build the CMS demo (home page, stories, producer and region pages) around the demo products."

    def handle(self, *args, **options):
        load_cms_demo(stdout=self.stdout)
