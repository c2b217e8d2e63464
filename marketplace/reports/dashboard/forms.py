import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from oscar.core.loading import get_model

from marketplace.reports.figures import Filters, default_filters

Province = get_model("regions", "Province")

#: A longer period makes the monthly table unreadable; provinces report by year.
MAX_DAYS = 5 * 366


class FiguresForm(forms.Form):
    province = forms.ModelChoiceField(
        label=pgettext_lazy("region", "Province"), queryset=Province.objects.order_by("name"), required=False,
        empty_label=_("All provinces"),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Certified products are counted as of this day."),
    )

    def clean(self):
        data = super().clean()
        defaults = default_filters()
        date_from = data.get("date_from") or defaults.date_from
        date_to = data.get("date_to") or defaults.date_to
        if date_from > date_to:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        if (date_to - date_from).days > MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of five years or less."))
        data["date_from"], data["date_to"] = date_from, date_to
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(date_from=data["date_from"], date_to=data["date_to"], province=data.get("province"))


class LapsedScansForm(forms.Form):
    DEFAULT_DAYS = 90

    province = forms.ModelChoiceField(
        label=pgettext_lazy("region", "Province"), queryset=Province.objects.order_by("name"), required=False,
        empty_label=_("All provinces"),
    )
    days = forms.TypedChoiceField(
        label=_("Scanned in the last"), coerce=int, required=False, empty_value=DEFAULT_DAYS,
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("365 days")), (0, _("all time"))],
    )

    def since(self, today: datetime.date) -> datetime.date | None:
        days = self.cleaned_data.get("days") or 0
        return today - datetime.timedelta(days=days - 1) if days else None
