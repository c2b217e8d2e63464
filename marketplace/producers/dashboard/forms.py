import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.models import CertificateApplication, Product


class ApplicationForm(forms.ModelForm):
    """The decision as printed, and its scan. ``product`` lists the user's own
    products only."""

    class Meta:
        model = CertificateApplication
        fields = [
            "product", "decision_number", "signed_on", "issuing_body", "issuing_level",
            "criteria_version", "star", "potential_5", "certificate_number", "scan",
        ]
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "scan": forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }
        help_texts = {
            "decision_number": _("Exactly as printed, e.g. 1032/QĐ-UBND."),
            "issuing_body": _("Exactly as printed, e.g. UBND tỉnh Thừa Thiên Huế."),
            "scan": _("PDF, JPEG or PNG, at most 10 MB. Only you and OCOP officers can open it."),
            "certificate_number": _("If the decision or certificate prints one."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = (
            Product.objects.filter(producer__partner__users=user).order_by("title").distinct()
        )
        self.fields["product"].label_from_instance = lambda product: product.get_title()


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    """Date range (and, for operators, the producer) of the sales report."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, producers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if producers is not None:
            self.fields["producer"] = forms.ModelChoiceField(
                label=_("Producer"), queryset=producers, required=False, empty_label=_("Whole shop"),
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        if start and end and (end - start) > datetime.timedelta(days=366 * 5):
            raise forms.ValidationError(_("Choose a range of at most five years."))
        return data
