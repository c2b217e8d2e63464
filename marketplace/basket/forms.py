"""Oscar's basket forms with quantities typed in ASCII digits only.

Django's IntegerField accepts any Unicode digits, so "１２" (full-width, as a
Vietnamese or Japanese input method may type) became 12 without the buyer seeing
what was understood. Loaded in place of Oscar's through ``marketplace.loading``."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.basket import forms as oscar_forms


class QuantityField(forms.IntegerField):
    default_error_messages = {
        "invalid": _("Enter the quantity with the digits 0–9, for example 2."),
    }

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not re.fullmatch(r"\s*[0-9]+\s*", value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class BasketLineForm(oscar_forms.BasketLineForm):
    quantity = QuantityField(label=_("Quantity"), min_value=0, required=False, initial=1)

    def __init__(self, strategy, *args, **kwargs):
        super().__init__(strategy, *args, **kwargs)
        # Oscar's basket shows the field without a <label>: name it after its line.
        if self.instance.pk:
            self.fields["quantity"].widget.attrs["aria-label"] = _("Quantity of %(product)s") % {
                "product": self.instance.description
            }


class AddToBasketForm(oscar_forms.AddToBasketForm):
    quantity = QuantityField(initial=1, min_value=1, label=_("Quantity"))


class SimpleAddToBasketForm(oscar_forms.SimpleAddToBasketMixin, AddToBasketForm):
    pass
