from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from oscar.core.loading import get_model

from cms.sections import CMSStructureMissing, ensure_moderation, setup_producer_section

Producer = get_model("producers", "Producer")


class Command(BaseCommand):
    help = (
        "Give a producer its CMS section: its page in every language, a group that may "
        "draft and submit stories there (not publish), and an image collection. The "
        "producer's partner users join the group; --user adds more accounts by email."
    )

    def add_arguments(self, parser):
        parser.add_argument("tax_code", help="The producer's tax code (mã số thuế)")
        parser.add_argument("--user", action="append", default=[], metavar="EMAIL",
                            help="Also give this account access (repeatable)")

    def handle(self, *args, tax_code, user, **options):
        try:
            producer = Producer.objects.get(tax_code=tax_code)
        except Producer.DoesNotExist:
            raise CommandError(f"No producer with tax code {tax_code}.") from None
        users = []
        for email in user:
            account = get_user_model().objects.filter(email__iexact=email).first()
            if account is None:
                raise CommandError(f"No account with email {email}.")
            users.append(account)
        try:
            ensure_moderation()
            section = setup_producer_section(producer, users=users)
        except CMSStructureMissing as exc:
            raise CommandError(str(exc)) from None
        members = ", ".join(section.group.user_set.values_list("email", flat=True)) or "nobody yet"
        self.stdout.write(self.style.SUCCESS(
            f"{producer.name}: section {section.pages[0].url_path} (group “{section.group.name}”: {members})"
        ))
