"""The product form's stock records, whose counts go through the stock module."""

from django import forms
from django.utils.translation import gettext as _
from oscar.apps.dashboard.catalogue import forms as oscar_forms
from oscar.apps.dashboard.catalogue import formsets as oscar_formsets

from marketplace.partner.models import LedgerSource
from marketplace.partner.stock import StockOrigin, set_stock_count


class StockRecordForm(oscar_forms.StockRecordForm):
    """Oscar's stock record form, except that the shelf count is set by
    ``set_stock_count`` (row lock, ``dashboard`` ledger entry naming the user) and
    the form never writes ``num_allocated``: saving the whole row would undo an
    allocation made by an order while the form was open."""

    #: What only ``marketplace.partner.stock`` writes.
    COUNTS = {"num_in_stock", "num_allocated", "counted_at"}

    def clean_num_in_stock(self):
        quantity = self.cleaned_data.get("num_in_stock")
        allocated = 0
        if self.instance.pk:  # now, not when the form was opened
            allocated = type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list(
                "num_allocated", flat=True).first() or 0
        if quantity is not None and quantity < allocated:
            raise forms.ValidationError(
                _("Orders hold %(allocated)s units of this stock: the count cannot be lower.")
                % {"allocated": allocated}
            )
        return quantity

    def save(self, commit=True):
        record = super().save(commit=False)
        if not commit:
            return record
        quantity = record.num_in_stock if "num_in_stock" in self.fields else None
        if record.pk is None:
            record.num_in_stock, record.num_allocated = (0 if quantity is not None else None), 0
            record.save()
        else:
            fields = [f.attname for f in record._meta.concrete_fields if not f.primary_key and f.name not in self.COUNTS]
            record.save(update_fields=fields)
        if quantity is not None:
            level = set_stock_count(
                record.pk, quantity, StockOrigin.for_user(LedgerSource.DASHBOARD, self.user)
            )
            record.num_in_stock, record.num_allocated = level.num_in_stock, level.num_allocated
        return record


class StockRecordFormSet(oscar_formsets.StockRecordFormSet):
    form = StockRecordForm
