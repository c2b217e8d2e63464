"""The OCOP programme's figures and the scans of lapsed certificates, in Oscar's
dashboard under Reports. Operators (staff) only."""

import datetime

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views import generic

from catalogue import certification
from catalogue.verification.scans import lapsed_scans
from marketplace.reports import exports
from marketplace.reports.dashboard.charts import bar_chart
from marketplace.reports.dashboard.forms import FiguresForm, LapsedScansForm
from marketplace.reports.figures import default_filters, programme_figures


class ProgrammeFiguresView(generic.TemplateView):
    template_name = "oscar/dashboard/reports/ocop_figures.html"

    def get(self, request, *args, **kwargs):
        data = request.GET.copy()
        defaults = default_filters()
        data.setdefault("date_from", defaults.date_from.isoformat())
        data.setdefault("date_to", defaults.date_to.isoformat())
        form = FiguresForm(data)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, tables=[]), status=400)
        filters = form.filters()
        tables = programme_figures(filters)
        download = request.GET.get("download")
        if download:
            return self.download(download, tables, filters)
        return self.render_to_response(
            self.get_context_data(
                form=form, filters=filters, tables=[(table, bar_chart(table)) for table in tables],
                query=request.GET.urlencode(),
            )
        )

    def heading(self, filters) -> str:
        where = filters.province.name if filters.province else _("All provinces")
        return _("%(where)s, %(start)s – %(end)s (certified products as of %(end)s)") % {
            "where": where, "start": filters.date_from.strftime("%d/%m/%Y"), "end": filters.date_to.strftime("%d/%m/%Y"),
        }

    def download(self, kind: str, tables, filters) -> HttpResponse:
        stem = f"ocop-{filters.province.codename if filters.province else 'all'}-{filters.date_to:%Y%m%d}"
        if kind == "xlsx":
            response = HttpResponse(
                exports.tables_xlsx(tables, filters, self.heading(filters)),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
            return response
        table = next((t for t in tables if t.key == self.request.GET.get("table")), None)
        if kind != "csv" or table is None:
            return HttpResponseBadRequest(
                _("Download “xlsx”, or “csv” with the table to download."), content_type="text/plain; charset=utf-8"
            )
        response = HttpResponse(exports.table_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}-{table.key}.csv"'
        return response


class LapsedScansView(generic.ListView):
    """Certificates scanned after they expired or were revoked, most scans first."""

    template_name = "oscar/dashboard/reports/ocop_lapsed_scans.html"
    context_object_name = "certificates"
    paginate_by = 50

    def get_queryset(self):
        self.form = LapsedScansForm(self.request.GET or {"days": LapsedScansForm.DEFAULT_DAYS})
        today = certification.today()
        if self.form.is_valid():
            return lapsed_scans(since=self.form.since(today), province=self.form.cleaned_data.get("province"))
        return lapsed_scans(since=today - datetime.timedelta(days=LapsedScansForm.DEFAULT_DAYS - 1))

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)
