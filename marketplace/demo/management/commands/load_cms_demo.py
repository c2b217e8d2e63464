from django.core.management.base import BaseCommand

from cms.demo import load_cms_demo


class Command(BaseCommand):
    help = "Build the CMS demo (home page, stories, producer and region pages) around the demo products."

    def handle(self, *args, **options):
        load_cms_demo(stdout=self.stdout)
