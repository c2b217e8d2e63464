from django import forms
from django.utils.translation import gettext_lazy as _


class CollectForm(forms.Form):
    """The code the buyer shows at the counter."""

    code = forms.CharField(
        label=_("Pick-up code"), max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class StockFileForm(forms.Form):
    file = forms.FileField(
        label=_("Stock-take file (CSV)"),
        help_text=_("Columns sku, quantity, counted_at (e.g. 2026-03-01T08:30:00+07:00); "
                    "UTF-8, separated by commas or semicolons as Excel saves it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
