"""The operators' bank statement pages: thin views over ``matching``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_POST

from checkout.reconciliation.dashboard.forms import DecisionForm, StatementUploadForm
from checkout.reconciliation.matching import (
    DecisionRefused,
    StatementUploadedTwice,
    assign_line,
    ignore_line,
    import_statement,
    lines_to_review,
    settle_overpayment,
)
from checkout.reconciliation.models import BankStatement
from checkout.reconciliation.parsers import StatementInvalid


class StatementListView(generic.ListView):
    """Upload a statement; the statements uploaded so far."""

    template_name = "reconciliation/dashboard/statement_list.html"
    context_object_name = "statements"
    paginate_by = 30

    def get_queryset(self):
        return BankStatement.objects.select_related("uploaded_by")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", StatementUploadForm())
        return super().get_context_data(to_review=lines_to_review().count(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = StatementUploadForm(request.POST, request.FILES)
        errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_statement(request.user, upload.read(), upload.name, form.cleaned_data["layout"])
            except StatementInvalid as invalid:
                errors = invalid.errors
            except StatementUploadedTwice as twice:
                messages.warning(request, str(twice))
                return redirect("reconciliation-dashboard:statement-list")
            else:
                messages.success(request, _(
                    "%(matched)s credits matched and their orders marked paid, %(review)s to review, "
                    "%(already)s already imported, %(debits)s debits skipped.") % {
                    "matched": result.matched, "review": result.to_review,
                    "already": result.already_imported, "debits": result.debits})
                return redirect("reconciliation-dashboard:statement-detail", pk=result.statement.pk)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form, file_errors=errors), status=400)


class StatementDetailView(generic.DetailView):
    template_name = "reconciliation/dashboard/statement_detail.html"
    context_object_name = "statement"

    def get_queryset(self):
        return BankStatement.objects.select_related("uploaded_by")

    def get_context_data(self, **kwargs):
        lines = self.object.lines.select_related("order", "decided_by")
        return super().get_context_data(lines=lines, **kwargs)


class ReviewListView(generic.ListView):
    """The credits an operator must decide, oldest first."""

    template_name = "reconciliation/dashboard/review_list.html"
    context_object_name = "lines"
    paginate_by = 50

    def get_queryset(self):
        return lines_to_review().order_by("booked_on", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(actions=DecisionForm.ACTIONS, **kwargs)


@require_POST
def decide(request, pk: int):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("reconciliation-dashboard:review")
    action, number, note = (form.cleaned_data[name] for name in ("action", "order_number", "note"))
    try:
        if action == "assign":
            line = assign_line(request.user, pk, number, note)
        elif action == "overpaid":
            line = settle_overpayment(request.user, pk, number, note)
        else:
            line = ignore_line(request.user, pk, note)
    except (DecisionRefused, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Line %(line)s of %(file)s: %(outcome)s.") % {
            "line": line.line_number, "file": line.statement.file_name, "outcome": line.get_outcome_display()})
    return redirect("reconciliation-dashboard:review")
