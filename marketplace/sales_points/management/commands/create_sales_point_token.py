from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from marketplace.sales_points.models import SalesPoint, SalesPointToken, create_sales_point_token


class Command(BaseCommand):
    help = "Make an API token for a sales point and print it (once: only its hash is kept)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="The sales point's code, e.g. QN-BIGC-HALONG.")
        parser.add_argument("--name", default="API", help='What the token is for, e.g. "till 1" (shown in the ledger).')

    def handle(self, *args, code, name, **options):
        point = SalesPoint.objects.filter(code=code.strip().upper()).first()
        if point is None:
            known = ", ".join(SalesPoint.objects.order_by("code").values_list("code", flat=True)[:20])
            raise CommandError(
                _("No sales point has the code “%(code)s”. Known codes: %(known)s.")
                % {"code": code, "known": known or "-"}
            )
        if not point.is_active:
            raise CommandError(_("The sales point %(code)s is not active: its tokens would not work.")
                               % {"code": point.code})
        name = name.strip()
        max_length = SalesPointToken._meta.get_field("name").max_length
        if not name or len(name) > max_length:
            raise CommandError(_("Give the token a name of 1 to %(max)s characters.") % {"max": max_length})
        record, token = create_sales_point_token(point, name)
        self.stderr.write(
            _("Token “%(name)s” for %(point)s. Keep it now: it is not shown again.")
            % {"name": record.name, "point": point}
        )
        # The token alone on stdout, so scripts can capture it.
        self.stdout.write(token)
