"""The producer's money: what is available, pending (with the day each amount
clears), paid; their statements as pages and PDFs; their bank account. Thin views
over ``marketplace.payouts``; every query is the signed-in producer's own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import generic

from checkout.payment.banks import bank_by_bin
from marketplace.payouts import bank_accounts
from marketplace.payouts.models import BankAccountChange, PayoutStatement
from marketplace.payouts.summaries import money_summary, statement_lines
from marketplace.producers.dashboard.forms import BankAccountForm
from marketplace.producers.dashboard.statement_pdf import statement_pdf
from marketplace.producers.dashboard.views import ProducerMixin


def bank_label(bank_bin: str) -> str:
    bank = bank_by_bin(bank_bin)
    return f"{bank.short_name} ({bank.bin})" if bank else bank_bin


class MoneyView(ProducerMixin, generic.TemplateView):
    template_name = "producers/dashboard/money/money.html"

    def get_context_data(self, **kwargs):
        confirmed = bank_accounts.confirmed_account(self.producer)
        pending = bank_accounts.pending_account(self.producer)
        return super().get_context_data(
            money=money_summary(self.producer),
            statements=PayoutStatement.objects.filter(producer=self.producer).order_by("-period_until", "-pk"),
            confirmed_account=confirmed, pending_account=pending,
            confirmed_bank=bank_label(confirmed.bank_bin) if confirmed else "",
            pending_bank=bank_label(pending.bank_bin) if pending else "",
            **kwargs)


class OwnStatementMixin(ProducerMixin):
    def get_statement(self) -> PayoutStatement:
        # Another producer's statement is a 404, as if it did not exist.
        return get_object_or_404(PayoutStatement, pk=self.kwargs["pk"], producer=self.producer)


class StatementView(OwnStatementMixin, generic.TemplateView):
    template_name = "producers/dashboard/money/statement.html"

    def get_context_data(self, **kwargs):
        statement = self.get_statement()
        return super().get_context_data(statement=statement, lines=statement_lines(statement), **kwargs)


class StatementPdfView(OwnStatementMixin, generic.View):
    def get(self, request, *args, **kwargs):
        statement = self.get_statement()
        account = bank_accounts.confirmed_account(self.producer)
        pdf = statement_pdf(statement, statement_lines(statement),
                            bank_label(account.bank_bin) if account else "", account)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{statement.number}.pdf"'
        return response


class BankAccountView(ProducerMixin, generic.FormView):
    """Enter or change the account statements are paid to; it waits for an operator."""

    template_name = "producers/dashboard/money/bank_account.html"
    form_class = BankAccountForm

    def get_context_data(self, **kwargs):
        confirmed = bank_accounts.confirmed_account(self.producer)
        pending = bank_accounts.pending_account(self.producer)
        changes = list(BankAccountChange.objects.filter(producer=self.producer)
                       .select_related("old_account", "new_account")[:20])
        for change in changes:
            change.bank = bank_label(change.new_account.bank_bin)
        return super().get_context_data(
            confirmed_account=confirmed, pending_account=pending, changes=changes,
            confirmed_bank=bank_label(confirmed.bank_bin) if confirmed else "",
            pending_bank=bank_label(pending.bank_bin) if pending else "", **kwargs)

    def form_valid(self, form):
        try:
            bank_accounts.request_account(self.producer, self.request.user, form.cleaned_data["bank_bin"],
                                          form.cleaned_data["account_number"], form.cleaned_data["holder"])
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
            return self.form_invalid(form)
        except bank_accounts.BankAccountError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _(
            "Your bank account is saved. An operator will confirm it; until then statements are paid to the "
            "confirmed account, if any."))
        return redirect("producer-dashboard:producer-money")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
