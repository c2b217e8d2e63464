import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from catalogue.groups import GROUPS
from catalogue.models import CertificateApplication, Product, ProductImage
from catalogue.structure import product_class_for_group
from checkout.payment.banks import all_banks
from marketplace.payouts.bank_accounts import validate_account
from marketplace.producers.listings import ListingData
from marketplace.producers.models import Producer


class EmailLoginForm(AuthenticationForm):
    """The dashboard's sign-in form: people sign in with their email address."""

    username = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    language = forms.ChoiceField(
        label=_("Language of the emails"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )


class OperatorInvitationForm(InvitationForm):
    producer = forms.ModelChoiceField(label=_("Producer"), queryset=Producer.objects.order_by("name"))

    field_order = ["producer", "email", "language"]


class ChoosePasswordForm(SetPasswordForm):
    """Django's set-password form (its validators), with our labels."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].help_text = password_validation.password_validators_help_text_html()


def group_choices():
    return [(group.code, group.name) for group in GROUPS]


class ProductForm(forms.ModelForm):
    """What a producer fills in for one product. Prices are whole đồng."""

    group_code = forms.ChoiceField(label=_("OCOP product group"), choices=group_choices)
    price = forms.IntegerField(
        label=_("Price (đồng)"), min_value=1000, max_value=1_000_000_000,
        help_text=_("Whole đồng, e.g. 120000 for 120.000 ₫."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1000"}),
    )
    stock = forms.IntegerField(
        label=_("Units in stock"), min_value=0, max_value=1_000_000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Product
        fields = ["title", "title_en", "description", "description_en", "pack_size", "weight_grams", "is_public"]
        labels = {
            "title": _("Product name (Vietnamese)"),
            "title_en": _("Product name (English)"),
            "description": _("Description (Vietnamese)"),
            "description_en": _("Description (English)"),
            "pack_size": _("Pack size"),
            "weight_grams": _("Packed weight (grams)"),
            "is_public": _("Show in the shop"),
        }
        help_texts = {
            "title": _("As printed on the OCOP certificate."),
            "description": _("Paragraphs, bold, italics, lists and links are kept; other formatting is removed."),
            "pack_size": _("As sold, e.g. “hộp 10 gói x 20 g” or “chai 500 ml”."),
            "is_public": _("Buyers see the product once it is shown and holds a valid OCOP certificate."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6, "class": "js-rich-text"}),
            "description_en": forms.Textarea(attrs={"rows": 6, "class": "js-rich-text"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        if not self.instance.pk:
            # A new product is a draft until its producer chooses to show it.
            self.initial["is_public"] = False
        self.fields["weight_grams"].min_value = 1

    def clean(self):
        data = super().clean()
        if data.get("group_code"):
            # Oscar's product validation needs the class (goods or service) the group implies.
            self.instance.product_class = product_class_for_group(data["group_code"])
        return data

    def listing_data(self) -> ListingData:
        data = self.cleaned_data
        return ListingData(
            title=data["title"], title_en=data["title_en"], description=data["description"],
            description_en=data["description_en"], group_code=data["group_code"], price=data["price"],
            stock=data["stock"], pack_size=data["pack_size"], weight_grams=data["weight_grams"],
            is_public=data["is_public"],
        )


class ProductImageForm(forms.ModelForm):
    class Meta:
        model = ProductImage
        fields = ["original", "alt_text", "alt_text_en"]
        labels = {
            "original": _("Photo"),
            "alt_text": _("What the photo shows (Vietnamese)"),
            "alt_text_en": _("What the photo shows (English)"),
        }
        widgets = {"original": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})}

    def clean(self):
        data = super().clean()
        if data.get("original") and not (data.get("alt_text") or "").strip() and not data.get("DELETE"):
            self.add_error("alt_text", _("Say in a few words what the photo shows (read aloud to blind buyers)."))
        return data


class BaseProductImageFormSet(forms.BaseInlineFormSet):
    """Photos in the order the producer gives them (the first is the main one)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = _("Position among the photos")

    def save(self, commit=True):
        saved = super().save(commit=False)
        for obj in self.deleted_objects:
            obj.delete()
        ordered = [form.instance for form in self.ordered_forms if form.instance.pk or form.instance in saved]
        for position, image in enumerate(ordered):
            image.display_order = position
            image.save()
        return saved


ProductImageFormSet = forms.inlineformset_factory(
    Product, ProductImage, form=ProductImageForm, formset=BaseProductImageFormSet,
    extra=2, max_num=8, can_delete=True, can_order=True,
)


class ListingChangeDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason (shown to the producer)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the refusal."))
        return data


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


def bank_choices() -> list[tuple[str, str]]:
    banks = sorted((bank for bank in all_banks() if bank.transfer_supported), key=lambda bank: bank.short_name)
    return [("", _("Choose your bank")), *((bank.bin, f"{bank.short_name} – {bank.name}") for bank in banks)]


class BankAccountForm(forms.Form):
    """A producer's bank account: a bank of the NAPAS list, the number, the holder."""

    bank_bin = forms.ChoiceField(label=_("Bank"), choices=bank_choices)
    account_number = forms.CharField(
        label=_("Account number"), max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("6 to 19 digits; spaces are ignored."))
    holder = forms.CharField(
        label=_("Account holder"), max_length=120,
        help_text=_("As the bank writes it; it is saved in capitals without accents (HOP TAC XA QUANG THO II)."))

    def clean(self):
        data = super().clean()
        try:
            data["bank_bin"], data["account_number"], data["holder"] = validate_account(
                data.get("bank_bin", ""), data.get("account_number", ""), data.get("holder", ""))
        except forms.ValidationError as error:
            for field, problems in error.message_dict.items():
                if field not in self.errors:
                    for problem in problems:
                        self.add_error(field, problem)
        return data
