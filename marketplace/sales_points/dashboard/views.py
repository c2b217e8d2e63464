"""A sales point's staff pages: thin views over ``marketplace.sales_points.pickup``
(ready, collected) and ``stock_files`` (the stock take by file)."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from oscar.core.loading import get_model

from marketplace.sales_points import pickup
from marketplace.sales_points.dashboard.forms import (
    CollectForm,
    SalesPointForm,
    StockFileForm,
    TokenForm,
)
from marketplace.sales_points.models import PickUpStatus, SalesPoint, create_sales_point_token
from marketplace.sales_points.stock_files import StockFileInvalid, apply_stock_file
from marketplace.sales_points.stock_files import stock_template as template_csv

Partner = get_model("partner", "Partner")


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


class OperatorPointListView(generic.ListView):
    """Operators: every sales point, to add and edit them (``is_staff`` only)."""

    template_name = "sales_points/dashboard/point_list.html"
    context_object_name = "points"
    paginate_by = 50

    def get_queryset(self):
        return SalesPoint.objects.select_related("province").annotate(
            staff_count=Count("staff", distinct=True),
            token_count=Count("tokens", filter=Q(tokens__revoked_at__isnull=True), distinct=True),
        ).order_by("name")


class PointFormMixin:
    template_name = "sales_points/dashboard/point_form.html"
    form_class = SalesPointForm
    model = SalesPoint

    def get_success_url(self):
        messages.success(self.request, _("Sales point %(name)s saved.") % {"name": self.object.name})
        return reverse("sales-point-dashboard:point-list")


class OperatorPointCreateView(PointFormMixin, generic.CreateView):
    """A new point gets its own Oscar partner, which holds its stock records."""

    def form_valid(self, form):
        with transaction.atomic():
            form.instance.partner = Partner.objects.create(name=form.cleaned_data["name"])
            return super().form_valid(form)


class OperatorPointUpdateView(PointFormMixin, generic.UpdateView):
    slug_field = slug_url_kwarg = "code"

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            Partner.objects.filter(pk=self.object.partner_id).update(name=self.object.name)
        return response


class TokenListView(PointMixin, generic.FormView):
    """The point's API tokens: make one (shown once, here), list, revoke. For the
    point's staff and operators."""

    template_name = "sales_points/dashboard/tokens.html"
    form_class = TokenForm
    tab = "tokens"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tokens=self.point.tokens.select_related("created_by"), **kwargs)

    def form_valid(self, form):
        record, token = create_sales_point_token(self.point, form.cleaned_data["name"], created_by=self.request.user)
        # Rendered, not redirected: the token exists nowhere else after this answer.
        response = self.render_to_response(self.get_context_data(form=TokenForm(), new_token=token, new_record=record))
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(PointMixin, generic.View):
    def post(self, request, code, pk):
        token = get_object_or_404(self.point.tokens, pk=pk)
        token.revoke()
        messages.success(request, _("Token %(name)s revoked: tills using it are refused from now on.")
                         % {"name": token.name})
        return redirect("sales-point-dashboard:token-list", code=self.point.code)
