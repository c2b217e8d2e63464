import datetime

from django.core.management.base import BaseCommand, CommandError

from marketplace.payouts.statements import StatementError, create_statements


class Command(BaseCommand):
    help = ("Make draft payout statements for every producer whose available balance at the end of "
            "--until reaches PAYOUT_MINIMUM_VND. Running it again for the same day creates nothing twice.")

    def add_arguments(self, parser):
        parser.add_argument("--until", required=True, help="The period's last day, YYYY-MM-DD.")

    def handle(self, *args, until, **options):
        try:
            day = datetime.date.fromisoformat(until)
        except ValueError:
            raise CommandError(f"--until must be a date as YYYY-MM-DD, not {until!r}.") from None

        def progress(done, count, statement):
            if statement is not None:
                self.stdout.write(f"[{done}/{count}] {statement.number}: {statement.producer} "
                                  f"{statement.total:,} ₫".replace(",", "."))
            elif done == count or done % 50 == 0:
                self.stdout.write(f"[{done}/{count}]")

        try:
            statements = create_statements(day, progress=progress)
        except StatementError as error:
            raise CommandError(str(error)) from None
        total = sum(statement.total for statement in statements)
        self.stdout.write(self.style.SUCCESS(
            f"{len(statements)} statement(s) created, {total:,} ₫ in all.".replace(",", ".")))
