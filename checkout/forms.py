from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import *  # noqa: F401,F403
from oscar.apps.checkout.forms import GatewayForm as OscarGatewayForm
from oscar.core.loading import get_model

from checkout.phones import HOME_REGION, country_choices, normalise_mobile, region_of

__all__ = ["normalise_mobile"]  # re-exported for callers of the old location

Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
Province = get_model("regions", "Province")
Ward = get_model("regions", "Ward")

def vietnam():
    """The one shipping country. A data migration creates it; recreate it if a
    database was flushed (test databases are) rather than fail the checkout."""
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="VN",
        defaults={"iso_3166_1_a3": "VNM", "iso_3166_1_numeric": "704", "printable_name": "Việt Nam",
                  "name": "Socialist Republic of Viet Nam", "is_shipping_country": True},
    )
    return country


class MobileNumberMixin:
    """A "country" select (calling codes, Vietnam first) before the mobile number;
    the number is cleaned to E.164 in that country's reading. Forms using it
    declare ``phone_country_field()`` and ``phone_number_field()`` and call
    ``_init_mobile()`` at the end of ``__init__``."""

    def clean_phone_number(self):
        region = self.data.get(self.add_prefix("phone_country")) or HOME_REGION
        try:
            return normalise_mobile(self.cleaned_data["phone_number"], region)
        except ValidationError:
            self.fields["phone_number"].widget.attrs["aria-invalid"] = "true"
            raise

    def clean_phone_country(self):
        return self.cleaned_data.get("phone_country") or HOME_REGION

    def _init_mobile(self):
        self.fields["phone_country"].choices = country_choices()
        number = self.initial.get("phone_number")
        if number and not self.initial.get("phone_country"):
            self.initial["phone_country"] = region_of(number)
        widget = self.fields["phone_number"].widget
        widget.attrs["data-check-url"] = reverse("checkout:phone-check")
        widget.attrs["data-country-field"] = self.add_prefix("phone_country")


def phone_country_field():
    return forms.ChoiceField(
        label=_("Country of your mobile number"), required=False, initial=HOME_REGION,
        widget=forms.Select(attrs={"autocomplete": "tel-country-code"}),
    )


def phone_number_field():
    return forms.CharField(
        label=_("Mobile phone"), max_length=32,
        help_text=_("Vietnamese or foreign mobile number: choose its country or type it with + and the code."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "placeholder": "0912 345 678",
                                      "class": "ocop-mobile"}),
    )


class ShippingAddressForm(MobileNumberMixin, forms.ModelForm):
    """A delivery address on the current map: province, then one of its wards,
    then the street line. Country is always Việt Nam; the province and ward names
    are copied into Oscar's text lines so every Oscar template prints them."""

    first_name = forms.CharField(label=_("Full name"), max_length=255,
                                 widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone_country = phone_country_field()
    phone_number = phone_number_field()
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
        fields = ["first_name", "phone_country", "phone_number", "line1", "province", "ward", "notes"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("request", None)
        super().__init__(*args, **kwargs)
        self.fields["notes"].label = _("Delivery instructions")
        self._init_mobile()
        self.fields["province"].widget.attrs["data-wards-url"] = ""  # set by the template
        # Only the chosen province's wards are valid choices (and rendered).
        province_id = self.data.get(self.add_prefix("province")) or self.initial.get("province") or (
            self.instance.province_id if self.instance else None
        )
        if province_id:
            self.fields["ward"].queryset = Ward.objects.filter(province_id=province_id)

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


class PickUpForm(MobileNumberMixin, forms.Form):
    """Click and collect: who collects (name, mobile for the point to call) and
    at which of the points that hold the whole basket."""

    first_name = forms.CharField(label=_("Full name"), max_length=255,
                                 widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone_country = phone_country_field()
    phone_number = phone_number_field()
    sales_point = forms.ChoiceField(
        label=_("Sales point"), widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("This sales point cannot serve your basket any more: choose another.")},
    )

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.points = {point.code: point for point in points}
        self.fields["sales_point"].choices = [(point.code, point.name) for point in points]
        self._init_mobile()

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
