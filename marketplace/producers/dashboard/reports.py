"""The sales report: a producer's own lines; operators choose any producer or
the whole shop. Table, server-drawn bars and CSV from one ``sales_report``."""

import csv

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from catalogue.certification import today
from marketplace.producers.dashboard.forms import ReportForm
from marketplace.producers.models import Producer
from marketplace.producers.reports import sales_report


class SalesReportView(TemplateView):
    template_name = "producers/dashboard/sales_report.html"

    def get_report_args(self):
        user = self.request.user
        form = ReportForm(self.request.GET or None,
                          producers=Producer.objects.order_by("name") if user.is_staff else None)
        valid = form.is_valid() if self.request.GET else False
        data = form.cleaned_data if valid else {}
        end = data.get("end") or today()
        start = data.get("start") or end.replace(month=1, day=1)
        if user.is_staff:
            producer = data.get("producer")
        else:
            producer = Producer.objects.filter(partner__users=user).first()
            if producer is None:
                raise Http404
        return form, producer, start, end

    def get(self, request, *args, **kwargs):
        form, producer, start, end = self.get_report_args()
        report = sales_report(producer, start, end)
        if request.GET.get("format") == "csv":
            return self.csv_response(report, producer)
        return self.render_to_response(
            self.get_context_data(form=form, producer=producer, report=report, csv_query=self.csv_query())
        )

    def csv_query(self) -> str:
        query = self.request.GET.copy()
        query["format"] = "csv"
        return query.urlencode()

    def csv_response(self, report, producer) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"sales-{producer.pk if producer else 'shop'}-{report.start:%Y%m%d}-{report.end:%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response.write("\ufeff")  # spreadsheet apps read the file as UTF-8
        writer = csv.writer(response)
        writer.writerow([_("Month"), _("Units"), _("Revenue (VND)")])
        for row in report.by_month:
            writer.writerow([row.label, row.units, int(row.revenue)])
        writer.writerow([])
        writer.writerow([_("Product"), _("Units"), _("Revenue (VND)")])
        for row in report.by_product:
            writer.writerow([row.label, row.units, int(row.revenue)])
        writer.writerow([])
        writer.writerow([_("Total"), report.units, int(report.revenue)])
        return response
