"""The operators' payout pages (``/dashboard/producer/payouts/``): statements
(make them until a day, approve, cancel a draft, the bank file, mark paid),
producers' bank accounts waiting for confirmation, commission rates and the
report. Thin views over ``marketplace.payouts``; staff only (the app's
``permissions_map``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_POST

from checkout.payment import method_classes
from marketplace.payouts import bank_accounts, statements
from marketplace.payouts.models import (
    BankAccountChange,
    BankAccountStatus,
    CommissionRate,
    PayoutStatement,
    ProducerBankAccount,
    StatementStatus,
)
from marketplace.payouts.report import payouts_report
from marketplace.payouts.summaries import statement_lines
from marketplace.producers.dashboard.money import bank_label


class CreateStatementsForm(forms.Form):
    until = forms.DateField(label=gettext_lazy("Until (inclusive)"),
                            widget=forms.DateInput(attrs={"type": "date"}))

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until > timezone.localdate():
            raise ValidationError(_("A statement period cannot end in the future."))
        return until


class MarkPaidForm(forms.Form):
    reference = forms.CharField(label=gettext_lazy("Bank reference of the transfer"), max_length=64)


class StatementListView(generic.ListView):
    template_name = "producers/dashboard/payouts/statement_list.html"
    context_object_name = "statements"
    paginate_by = 50

    def get_queryset(self):
        queryset = PayoutStatement.objects.select_related("producer").order_by("-period_until", "number")
        status = self.request.GET.get("status")
        if status in StatementStatus.values:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", CreateStatementsForm(initial={"until": timezone.localdate()}))
        return super().get_context_data(
            status=self.request.GET.get("status", ""), statuses=StatementStatus.choices,
            approved_count=PayoutStatement.objects.filter(status=StatementStatus.APPROVED).count(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = CreateStatementsForm(request.POST)
        if form.is_valid():
            try:
                created = statements.create_statements(form.cleaned_data["until"], request.user)
            except statements.StatementError as error:
                form.add_error("until", str(error))
            else:
                total = sum(statement.total for statement in created)
                messages.success(request, _("%(count)s statement(s) created, %(total)s ₫ in all.") % {
                    "count": len(created), "total": f"{total:,}".replace(",", ".")})
                return redirect(reverse("producer-dashboard:payout-statements") + "?status=draft")
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form), status=400)


class StatementDetailView(generic.DetailView):
    template_name = "producers/dashboard/payouts/statement_detail.html"
    context_object_name = "statement"

    def get_queryset(self):
        return PayoutStatement.objects.select_related("producer", "approved_by", "paid_by")

    def get_context_data(self, **kwargs):
        account = bank_accounts.confirmed_account(self.object.producer)
        return super().get_context_data(
            lines=statement_lines(self.object), account=account,
            bank=bank_label(account.bank_bin) if account else "",
            paid_form=kwargs.pop("paid_form", MarkPaidForm()), **kwargs)


def _statement_action(request, pk, action) -> HttpResponse:
    statement = get_object_or_404(PayoutStatement, pk=pk)
    try:
        message = action(statement)
    except statements.StatementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect("producer-dashboard:payout-statement", pk=pk)


@require_POST
def approve(request, pk):
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm the approval."))
        return redirect("producer-dashboard:payout-statement", pk=pk)

    def action(statement):
        statements.approve_statement(request.user, statement)
        return _("Statement %(number)s is approved; its payout is in the ledger.") % {"number": statement.number}
    return _statement_action(request, pk, action)


@require_POST
def cancel(request, pk):
    number = None

    def action(statement):
        nonlocal number
        number = statements.cancel_statement(request.user, statement)
        return _("Draft %(number)s is cancelled; its entries go into the next statement.") % {"number": number}
    response = _statement_action(request, pk, action)
    return redirect("producer-dashboard:payout-statements") if number else response


@require_POST
def mark_paid(request, pk):
    form = MarkPaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the bank's reference of the transfer."))
        return redirect("producer-dashboard:payout-statement", pk=pk)

    def action(statement):
        statements.mark_statement_paid(request.user, statement, form.cleaned_data["reference"])
        return _("Statement %(number)s is marked paid.") % {"number": statement.number}
    return _statement_action(request, pk, action)


def bank_file(request):
    """The bank bulk-transfer CSV of every approved statement (docs/payouts.md)."""
    approved = list(PayoutStatement.objects.filter(status=StatementStatus.APPROVED)
                    .select_related("producer").order_by("number"))
    if not approved:
        messages.warning(request, _("No approved statement waits for a transfer."))
        return redirect("producer-dashboard:payout-statements")
    try:
        content = statements.bulk_transfer_csv(approved, bank_accounts.confirmed_bank_details)
    except statements.StatementError as error:
        messages.error(request, str(error))
        return redirect(reverse("producer-dashboard:payout-statements") + "?status=approved")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payouts-{timezone.localdate():%Y%m%d}.csv"'
    return response


class BankAccountListView(generic.ListView):
    """Accounts waiting for confirmation, and the recent decisions."""

    template_name = "producers/dashboard/payouts/bank_accounts.html"
    context_object_name = "changes"

    def get_queryset(self):
        return (BankAccountChange.objects.filter(new_account__status=BankAccountStatus.PENDING)
                .select_related("producer", "old_account", "new_account", "requested_by"))

    def get_context_data(self, **kwargs):
        decided = (BankAccountChange.objects.exclude(decision="")
                   .select_related("producer", "old_account", "new_account", "requested_by", "decided_by")[:30])
        return super().get_context_data(decided=decided, **kwargs)


@require_POST
def decide_bank_account(request, pk):
    account = get_object_or_404(ProducerBankAccount, pk=pk)
    try:
        if request.POST.get("decision") == "confirm":
            bank_accounts.confirm_account(request.user, account)
            messages.success(request, _("The account of %(producer)s is confirmed.") % {"producer": account.producer})
        elif request.POST.get("decision") == "reject":
            bank_accounts.reject_account(request.user, account)
            messages.success(request, _("The account of %(producer)s is refused.") % {"producer": account.producer})
        else:
            messages.error(request, _("Choose to confirm or refuse the account."))
    except bank_accounts.BankAccountError as error:
        messages.error(request, str(error))
    return redirect("producer-dashboard:payout-bank-accounts")


class CommissionRateForm(forms.ModelForm):
    class Meta:
        model = CommissionRate
        fields = ["group_code", "producer", "percent", "valid_from", "valid_until", "note"]
        widgets = {"valid_from": forms.DateTimeInput(attrs={"type": "datetime-local"}),
                   "valid_until": forms.DateTimeInput(attrs={"type": "datetime-local"})}


class CommissionRateListView(generic.ListView):
    template_name = "producers/dashboard/payouts/rate_list.html"
    context_object_name = "rates"
    paginate_by = 100

    def get_queryset(self):
        return CommissionRate.objects.select_related("producer")


class CommissionRateFormMixin:
    model = CommissionRate
    form_class = CommissionRateForm
    template_name = "producers/dashboard/payouts/rate_form.html"

    def get_success_url(self):
        messages.success(self.request, _("The commission rate is saved."))
        return reverse("producer-dashboard:commission-rates")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CommissionRateCreateView(CommissionRateFormMixin, generic.CreateView):
    pass


class CommissionRateUpdateView(CommissionRateFormMixin, generic.UpdateView):
    pass


class ReportForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(_("The start must not come after the end."))
        return data


class ReportView(generic.TemplateView):
    template_name = "producers/dashboard/payouts/report.html"

    def get_context_data(self, **kwargs):
        form = ReportForm(self.request.GET or None)
        data = form.cleaned_data if self.request.GET and form.is_valid() else {}
        end = data.get("end") or timezone.localdate()
        start = data.get("start") or end.replace(month=1, day=1)
        report = payouts_report(start, end)
        names = {method.code: str(method.name) for method in method_classes()}
        by_method = report.by_method()
        for row in by_method:
            row.method_label = names.get(row.method, row.method or _("(none)"))
        return super().get_context_data(form=form, report=report, totals=report.totals, by_month=report.by_month(),
                                        by_method=by_method, start=start, end=end, **kwargs)


def urls() -> list:
    return [
        path("payouts/", StatementListView.as_view(), name="payout-statements"),
        path("payouts/<int:pk>/", StatementDetailView.as_view(), name="payout-statement"),
        path("payouts/<int:pk>/approve/", approve, name="payout-statement-approve"),
        path("payouts/<int:pk>/cancel/", cancel, name="payout-statement-cancel"),
        path("payouts/<int:pk>/paid/", mark_paid, name="payout-statement-paid"),
        path("payouts/bank-file/", bank_file, name="payout-bank-file"),
        path("payouts/bank-accounts/", BankAccountListView.as_view(), name="payout-bank-accounts"),
        path("payouts/bank-accounts/<int:pk>/", decide_bank_account, name="payout-bank-account-decide"),
        path("payouts/rates/", CommissionRateListView.as_view(), name="commission-rates"),
        path("payouts/rates/new/", CommissionRateCreateView.as_view(), name="commission-rate-create"),
        path("payouts/rates/<int:pk>/", CommissionRateUpdateView.as_view(), name="commission-rate-update"),
        path("payouts/report/", ReportView.as_view(), name="payout-report"),
    ]

