from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from oscar.core.loading import get_model

ShippingZone = get_model("shipping", "ShippingZone")
ShippingZoneProvince = get_model("shipping", "ShippingZoneProvince")
Province = get_model("regions", "Province")


class ShippingZoneForm(forms.ModelForm):
    provinces = forms.ModelMultipleChoiceField(
        label=_("Provinces"),
        queryset=Province.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=False,
        help_text=_("A province belongs to one zone at most; provinces in no zone pay the default fee."),
    )

    class Meta:
        model = ShippingZone
        fields = ["name", "fee", "delivery_days_min", "delivery_days_max"]
        help_texts = {"fee": _("In whole đồng, e.g. 30000.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["provinces"] = [m.province_id for m in self.instance.memberships.all()]

    def clean_provinces(self):
        provinces = self.cleaned_data["provinces"]
        taken = (
            ShippingZoneProvince.objects.filter(province__in=provinces)
            .exclude(zone_id=self.instance.pk).select_related("province", "zone").order_by("province__name")
        )
        if taken:
            raise forms.ValidationError(
                ngettext(
                    "%(provinces)s is already in another zone (%(zones)s); remove it there first.",
                    "%(provinces)s are already in other zones (%(zones)s); remove them there first.",
                    len(taken),
                )
                % {
                    "provinces": ", ".join(m.province.name for m in taken),
                    "zones": ", ".join(sorted({m.zone.name for m in taken})),
                }
            )
        return provinces

    @transaction.atomic
    def save(self, commit: bool = True):
        zone = super().save()
        chosen = {province.pk for province in self.cleaned_data["provinces"]}
        zone.memberships.exclude(province_id__in=chosen).delete()
        existing = set(zone.memberships.values_list("province_id", flat=True))
        ShippingZoneProvince.objects.bulk_create(
            ShippingZoneProvince(zone=zone, province_id=code) for code in sorted(chosen - existing)
        )
        return zone
