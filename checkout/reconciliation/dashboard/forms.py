from django import forms
from django.utils.translation import gettext_lazy as _

from checkout.reconciliation.models import StatementLayout


class StatementUploadForm(forms.Form):
    layout = forms.ChoiceField(label=_("Bank and layout"), choices=StatementLayout.choices)
    file = forms.FileField(
        label=_("Statement export (CSV)"),
        help_text=_("The CSV your internet banking exports (UTF-8, commas or semicolons). Only credits are "
                    "read; a statement uploaded again imports only the credits not seen before."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class DecisionForm(forms.Form):
    ACTIONS = [
        ("assign", _("Pays this order: mark it paid")),
        ("overpaid", _("Pays this order with too much: mark it paid, record the excess as owed back")),
        ("ignore", _("Ignore")),
    ]
    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS)
    order_number = forms.CharField(label=_("Order number"), max_length=128, required=False)
    note = forms.CharField(label=_("Reason or note"), max_length=500, required=False)
