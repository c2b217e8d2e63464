"""Stock counts typed in Oscar's product form go through the stock module: a
``dashboard`` ledger entry naming the user, allocations kept, never below them."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.partner.models import LedgerSource
from tests.factories import create_product
from tests.integration.test_operator_edits_reindex import resubmit

pytestmark = pytest.mark.django_db

StockLedgerEntry = get_model("partner", "StockLedgerEntry")


def post_count(client, product, quantity, *, allocate_meanwhile=0):
    url = reverse("dashboard:catalogue-product", args=[product.pk])
    data = resubmit(client.get(url))
    key = next(key for key in data if key.endswith("-0-num_in_stock") and "stockrecord" in key)
    data[key] = str(quantity)
    if allocate_meanwhile:  # an order placed while the form was open
        product.stockrecords.update(num_allocated=allocate_meanwhile)
    return client.post(url, data)


def test_a_count_typed_in_the_dashboard_is_in_the_ledger_with_the_user(admin_client, admin_user):
    admin_user.first_name, admin_user.last_name = "Lan", "Nguyễn"
    admin_user.save()
    product = create_product(stock=10)
    response = post_count(admin_client, product, 25, allocate_meanwhile=4)
    assert response.status_code == 302
    record = product.stockrecords.get()
    # The order's allocation survives the form's save.
    assert (record.num_in_stock, record.num_allocated) == (25, 4)
    assert record.counted_at is not None
    [entry] = StockLedgerEntry.objects.filter(stockrecord=record)
    assert (entry.source, entry.user, entry.quantity_before, entry.quantity_after) == (
        LedgerSource.DASHBOARD, admin_user, 10, 25)
    assert (entry.allocated_before, entry.allocated_after) == (4, 4)
    assert entry.actor == admin_user.get_full_name()


def test_saving_the_form_without_a_stock_change_writes_no_ledger_entry(admin_client):
    product = create_product(stock=10)
    assert post_count(admin_client, product, 10).status_code == 302
    assert not StockLedgerEntry.objects.exists()


def test_a_count_below_what_orders_hold_is_refused(admin_client):
    product = create_product(stock=10)
    product.stockrecords.update(num_allocated=6)
    response = post_count(admin_client, product, 5)
    assert response.status_code == 200
    formset = response.context_data["stockrecord_formset"]
    assert "6" in str(formset.forms[0].errors["num_in_stock"])
    record = product.stockrecords.get()
    assert (record.num_in_stock, record.num_allocated) == (10, 6)
    assert not StockLedgerEntry.objects.exists()
