import re

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import *  # noqa: F401,F403
from oscar.apps.checkout.forms import GatewayForm as OscarGatewayForm
from oscar.core.loading import get_model

Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
Province = get_model("regions", "Province")
Ward = get_model("regions", "Ward")

#: What people type around a phone number's digits. Anything else is refused
#: rather than guessed at (phonenumbers reads letters as keypad digits and
#: "x…" as an extension).
PHONE_CHARACTERS = re.compile(r"\+?[\d\s.\-()]+")
MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def vietnam():
    """The one shipping country. A data migration creates it; recreate it if a
    database was flushed (test databases are) rather than fail the checkout."""
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="VN",
        defaults={"iso_3166_1_a3": "VNM", "iso_3166_1_numeric": "704", "printable_name": "Việt Nam",
                  "name": "Socialist Republic of Viet Nam", "is_shipping_country": True},
    )
    return country


def normalise_mobile(value: str, region: str = "VN") -> str:
    """A mobile number of ``region`` in any common notation → E.164, or ValidationError:
    "0912 345 678", "+84 912.345.678", "0084 912 345 678", "84-912-345-678" → "+84912345678".

    Google's numbering plan data (``phonenumbers``) knows which prefixes are mobile
    networks. Only Vietnamese numbers are asked for today; the region becomes the
    buyer's country once international delivery exists."""
    value = (value or "").strip()
    number = None
    if PHONE_CHARACTERS.fullmatch(value):
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            pass
    if (number is None or not phonenumbers.is_valid_number_for_region(number, region)
            or phonenumbers.number_type(number) not in MOBILE_TYPES):
        raise ValidationError(
            _("Enter a Vietnamese mobile number, e.g. 0912 345 678 or +84 912 345 678."),
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class ShippingAddressForm(forms.ModelForm):
    """A delivery address on the current map: province, then one of its wards,
    then the street line. Country is always Việt Nam; the province and ward names
    are copied into Oscar's text lines so every Oscar template prints them."""

    first_name = forms.CharField(label=_("Full name"), max_length=255,
                                 widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone_number = forms.CharField(
        label=_("Mobile phone"), max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "placeholder": "0912 345 678"}),
    )
    line1 = forms.CharField(
        label=_("House number and street"), max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    province = forms.ModelChoiceField(
        label=_("Province / city"), queryset=Province.objects.all(), empty_label=_("Choose a province"),
        widget=forms.Select(attrs={"autocomplete": "address-level1"}),
    )
    ward = forms.ModelChoiceField(
        label=_("Ward / commune"), queryset=Ward.objects.none(), empty_label=_("Choose a ward"),
        widget=forms.Select(attrs={"autocomplete": "address-level2"}),
    )

    class Meta:
        model = ShippingAddress
        fields = ["first_name", "phone_number", "line1", "province", "ward", "notes"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("request", None)
        super().__init__(*args, **kwargs)
        self.fields["notes"].label = _("Delivery instructions")
        self.fields["province"].widget.attrs["data-wards-url"] = ""  # set by the template
        # Only the chosen province's wards are valid choices (and rendered).
        province_id = self.data.get(self.add_prefix("province")) or self.initial.get("province") or (
            self.instance.province_id if self.instance else None
        )
        if province_id:
            self.fields["ward"].queryset = Ward.objects.filter(province_id=province_id)

    def clean_phone_number(self):
        return normalise_mobile(self.cleaned_data["phone_number"])

    def clean(self):
        data = super().clean()
        province, ward = data.get("province"), data.get("ward")
        if province and ward and ward.province_id != province.pk:
            self.add_error("ward", _("This ward is not in the chosen province."))
        elif province and ward:
            self.instance.line3 = ward.name
            self.instance.line4 = province.name
            self.instance.country = vietnam()
        return data


class PaymentMethodForm(forms.Form):
    payment_method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)

    def __init__(self, *args, methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payment_method"].choices = [(m.code, m.name) for m in methods]
        if methods:
            self.fields["payment_method"].initial = methods[0].code


class GatewayForm(OscarGatewayForm):
    """Oscar's sign-in-or-guest form; its template shows the password field
    without a <label>, so the field carries its name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs.update({"aria-label": _("Password"), "autocomplete": "current-password"})
        self.fields["username"].widget.attrs["autocomplete"] = "email"


class PickUpForm(forms.Form):
    """Click and collect: who collects (name, mobile for the point to call) and
    at which of the points that hold the whole basket."""

    first_name = forms.CharField(label=_("Full name"), max_length=255,
                                 widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone_number = forms.CharField(
        label=_("Mobile phone"), max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "placeholder": "0912 345 678"}),
    )
    sales_point = forms.ChoiceField(
        label=_("Sales point"), widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("This sales point cannot serve your basket any more: choose another.")},
    )

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.points = {point.code: point for point in points}
        self.fields["sales_point"].choices = [(point.code, point.name) for point in points]

    def clean_phone_number(self):
        return normalise_mobile(self.cleaned_data["phone_number"])

    def clean_sales_point(self):
        return self.points[self.cleaned_data["sales_point"]]

    def shipping_address_fields(self) -> dict:
        """The order's shipping address: the buyer's name and phone at the point's
        address (so every page and email that prints an address shows where to go)."""
        point = self.cleaned_data["sales_point"]
        address = ShippingAddress(
            first_name=self.cleaned_data["first_name"], phone_number=self.cleaned_data["phone_number"],
            line1=point.name, line2=point.address_line, line3=point.ward.name if point.ward else "",
            line4=point.province.name, province=point.province, ward=point.ward, country=vietnam(),
        )
        return {key: value for key, value in address.__dict__.items() if not key.startswith("_")}
