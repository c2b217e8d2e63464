"""A sales point's staff pages: thin views over ``marketplace.sales_points.pickup``
(ready, collected) and ``stock_files`` (the stock take by file)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic

from marketplace.sales_points import pickup
from marketplace.sales_points.dashboard.forms import CollectForm, StockFileForm
from marketplace.sales_points.models import PickUpStatus, SalesPoint
from marketplace.sales_points.stock_files import StockFileInvalid, apply_stock_file
from marketplace.sales_points.stock_files import stock_template as template_csv


def points_of(user):
    """The points a user may work on: the ones they are staff of; operators, all."""
    if user.is_staff:
        return SalesPoint.objects.all()
    return SalesPoint.objects.filter(staff=user)


def point_of(request, code: str) -> SalesPoint:
    """The point named in the URL, if the user works there (404 otherwise: a
    guessed code tells nothing)."""
    return get_object_or_404(points_of(request.user).select_related("province", "partner"), code=code)


class PointMixin:
    #: The page's tab in the point's pages.
    tab = "pick-ups"

    def dispatch(self, request, *args, **kwargs):
        self.point = point_of(request, kwargs["code"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(point=self.point, tab=self.tab, **kwargs)


class HomeView(generic.View):
    """Straight to a page (the pick-ups, the stock take) of the user's point (the
    first one, by name): the menu's entries, which cannot know the point."""

    target = "pickup-list"

    def get(self, request):
        point = points_of(request.user).order_by("name").first()
        if point is None:
            if request.user.is_staff:
                return redirect("dashboard:index")
            raise Http404
        return redirect(f"sales-point-dashboard:{self.target}", code=point.code)


class PickUpListView(PointMixin, generic.ListView):
    template_name = "sales_points/dashboard/pickup_list.html"
    context_object_name = "pick_ups"
    paginate_by = 50

    def get_queryset(self):
        status = self.request.GET.get("status")
        pick_ups = self.point.pick_ups.select_related("order", "order__shipping_address")
        if status in PickUpStatus.values:
            return pick_ups.filter(status=status)
        return pick_ups.filter(status__in=[PickUpStatus.WAITING, PickUpStatus.READY])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=PickUpStatus.choices, status=self.request.GET.get("status", ""), **kwargs)


class PickUpDetailView(PointMixin, generic.DetailView):
    template_name = "sales_points/dashboard/pickup_detail.html"
    context_object_name = "pick_up"

    def get_queryset(self):
        return self.point.pick_ups.select_related("order", "order__shipping_address")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("collect_form", CollectForm())
        ctx["lines"] = self.object.order.lines.all()
        return ctx

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        action = request.POST.get("action")
        collect_form = CollectForm(request.POST if action == "collected" else None)
        try:
            if action == "ready":
                pickup.mark_ready(request.user, self.object)
                messages.success(request, _("Marked ready: the buyer has been emailed."))
            elif action == "collected":
                if not collect_form.is_valid():
                    return self.render_to_response(self.get_context_data(collect_form=collect_form), status=400)
                pickup.mark_collected(request.user, self.object, collect_form.cleaned_data["code"])
                messages.success(request, _("Handed over: the order is delivered."))
            else:
                return HttpResponse(status=400)
        except pickup.PickUpError as error:
            if action == "collected":
                collect_form.add_error("code", str(error))
            else:
                messages.error(request, str(error))
            self.object.refresh_from_db()
            return self.render_to_response(self.get_context_data(collect_form=collect_form), status=400)
        return redirect("sales-point-dashboard:pickup-detail", code=self.point.code, pk=self.object.pk)


class StockTakeView(PointMixin, generic.FormView):
    """Upload a stock take: every error by line, nothing applied unless clean."""

    template_name = "sales_points/dashboard/stock_take.html"
    form_class = StockFileForm
    tab = "stock"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["records"] = (self.point.partner.stockrecords.select_related("product")
                          .order_by("product__title"))
        return ctx

    def form_valid(self, form):
        try:
            results = apply_stock_file(self.point, form.cleaned_data["file"].read(), self.request.user)
        except StockFileInvalid as invalid:
            return self.render_to_response(self.get_context_data(form=form, file_errors=invalid.errors), status=400)
        return self.render_to_response(self.get_context_data(form=StockFileForm(), results=results))


def stock_template(request, code):
    point = point_of(request, code)
    response = HttpResponse(template_csv(point), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stock-{point.code}.csv"'
    return response
