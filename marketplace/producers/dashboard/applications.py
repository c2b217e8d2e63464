"""Certificate applications: the producer submits and follows theirs, OCOP
officers review the queue. Scoping and every step are in
``catalogue.applications``; these views only show and route."""

import mimetypes
import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView

from catalogue import applications as services
from catalogue.models import CertificateApplication
from marketplace.producers.dashboard.forms import ApplicationForm, RejectForm
from marketplace.producers.dashboard.sections import expiry_section


def _visible(request, pk: int) -> CertificateApplication:
    return get_object_or_404(services.applications_visible_to(request.user), pk=pk)


class ApplicationListView(ListView):
    template_name = "producers/dashboard/application_list.html"
    context_object_name = "applications"
    paginate_by = 30

    def get_status(self) -> str:
        status = self.request.GET.get("status", "")
        if not status and services.is_officer(self.request.user):
            return CertificateApplication.STATUS_PENDING  # the officer's queue
        return status if status in dict(CertificateApplication.STATUS_CHOICES) else ""

    def get_queryset(self):
        applications = services.applications_visible_to(self.request.user).select_related(
            "product", "producer__province"
        )
        if status := self.get_status():
            applications = applications.filter(status=status)
        if services.is_officer(self.request.user) and self.get_status() == CertificateApplication.STATUS_PENDING:
            return applications.order_by("date_created", "pk")  # oldest first
        return applications

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            status=self.get_status(),
            statuses=CertificateApplication.STATUS_CHOICES,
            is_officer=services.is_officer(self.request.user),
            is_producer=self.request.user.partners.filter(producer__isnull=False).exists(),
        )
        producer = _own_producer(self.request.user)
        if producer is not None:
            ctx["expiry"] = expiry_section(producer)
        return ctx


def _own_producer(user):
    partner = user.partners.filter(producer__isnull=False).select_related("producer").first()
    return partner.producer if partner else None


class ApplicationCreateView(CreateView):
    form_class = ApplicationForm
    template_name = "producers/dashboard/application_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs.pop("instance", None)
        return kwargs

    def get_initial(self):
        return {"product": self.request.GET.get("product")}

    def form_valid(self, form):
        data = {name: value for name, value in form.cleaned_data.items() if name != "product"}
        try:
            self.object = services.submit_application(form.cleaned_data["product"], self.request.user, **data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your application was sent to the OCOP officers."))
        return redirect("producer-dashboard:application-detail", pk=self.object.pk)


class ApplicationDetailView(DetailView):
    template_name = "producers/dashboard/application_detail.html"
    context_object_name = "application"

    def get_object(self, queryset=None):
        return _visible(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        application = self.object
        ctx["events"] = application.events.select_related("actor")
        ctx["can_review"] = services.can_review(self.request.user, application)
        ctx["reject_form"] = RejectForm()
        ctx["current_certificate"] = application.product.current_certificate
        return ctx


def application_scan(request, pk: int):
    """The scan, to the producer and officers only, as a download the browser
    will not sniff into another type."""
    application = _visible(request, pk)
    if not application.scan:
        raise Http404
    try:
        handle = application.scan.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = os.path.basename(application.scan.name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, as_attachment=request.GET.get("download") == "1",
                            filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def approve(request, pk: int):
    application = _visible(request, pk)
    try:
        certificate = services.approve_application(application, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Approved: %(product)s holds %(star)s★ until %(date)s.")
            % {"product": application.product.get_title(), "star": certificate.star,
               "date": certificate.valid_until.strftime("%d/%m/%Y")},
        )
    return redirect("producer-dashboard:application-detail", pk=pk)


@require_POST
def reject(request, pk: int):
    application = _visible(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the rejection (the producer reads it)."))
        return redirect("producer-dashboard:application-detail", pk=pk)
    try:
        services.reject_application(application, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The application was rejected; the producer has been told why."))
    return redirect("producer-dashboard:application-detail", pk=pk)
