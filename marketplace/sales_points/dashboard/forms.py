from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from marketplace.sales_points.models import SalesPoint


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


class SalesPointForm(forms.ModelForm):
    """An operator's form for a sales point: where it is, when it opens, its staff."""

    class Meta:
        model = SalesPoint
        fields = ["code", "name", "kind", "address_line", "province", "ward", "latitude", "longitude",
                  "opening_hours", "phone", "click_and_collect", "staff", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = self.fields["ward"].queryset.select_related("province")
        self.fields["staff"].queryset = get_user_model().objects.order_by("email")
        self.fields["staff"].help_text = _("They see and change only this point's pick-ups, stock and tokens.")
        if self.instance.pk:
            # The code is in tills' URLs and tokens' answers: fixed once made.
            self.fields["code"].disabled = True


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=64, help_text=_("What it is for, e.g. “till 1”."))
