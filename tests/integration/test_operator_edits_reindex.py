"""Operators' edits reach the search index (and so the catalogue pages it serves):
certificates and decisions in Django admin, products, prices and visibility in
Oscar's dashboard, producers in Django admin. Each edit schedules a reindex of the
products it touched, run once the edit has committed."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogue.certification import certificate_valid_until
from catalogue.search.models import ProductSearchDocument
from tests.factories import ProducerFactory, RecognitionDecisionFactory, create_product

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_search")]


def indexed(product) -> ProductSearchDocument | None:
    return ProductSearchDocument.objects.filter(pk=product.pk).first()


def bound_value(bound_field):
    value = bound_field.value()
    if value is None:
        return None
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, (list, tuple)):
        return [getattr(item, "pk", item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return getattr(value, "pk", value)


def form_fields(form) -> dict:
    data = {}
    for name in form.fields:
        value = bound_value(form[name])
        if value is not None:
            data[form.add_prefix(name)] = value
    return data


def resubmit(response) -> dict:
    """The POST a browser would send back from a rendered dashboard form: the main
    form and every formset (management form included), with their current values."""
    data = form_fields(response.context_data["form"])
    for key, value in response.context_data.items():
        if key.endswith("_formset") and hasattr(value, "management_form"):
            # The saved rows only (as if the blank "add another" rows were removed).
            data.update(form_fields(value.management_form))
            data[value.management_form.add_prefix("TOTAL_FORMS")] = value.initial_form_count()
            for form in value.forms[: value.initial_form_count()]:
                data.update(form_fields(form))
    return data


# Django admin: certificates and decisions


def test_a_certificate_added_in_admin_lists_the_product_once_it_commits(
    admin_client, django_capture_on_commit_callbacks
):
    product = create_product("Mật ong bạc hà", star=None)
    decision = RecognitionDecisionFactory()
    assert indexed(product) is None
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:catalogue_certificate_add"),
            {"decision": decision.pk, "product": product.pk, "number": "", "star": 4, "status": "active",
             "revocation_reason": ""},
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    certificate = product.certificates.get()
    assert certificate.valid_until == certificate_valid_until(decision.signed_on)
    assert indexed(product).star == 4


def test_revoking_in_admin_needs_a_reason_and_delists_the_product(
    admin_client, certified_product, django_capture_on_commit_callbacks
):
    certificate = certified_product.certificates.get()
    url = reverse("admin:catalogue_certificate_change", args=[certificate.pk])
    data = {
        "decision": certificate.decision_id, "product": certified_product.pk, "number": "",
        "star": certificate.star, "status": "revoked", "revocation_reason": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "revocation_reason" in response.context["adminform"].form.errors
    certificate.refresh_from_db()
    assert certificate.status == "active"

    data["revocation_reason"] = "Không duy trì chất lượng"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert (certificate.status, certificate.revoked_on) == ("revoked", timezone.localdate())
    assert indexed(certified_product) is None


def test_correcting_a_decision_date_moves_its_certificates_validity(
    admin_client, certified_product, django_capture_on_commit_callbacks
):
    certificate = certified_product.certificates.get()
    decision = certificate.decision
    # The date was mistyped: the decision was really signed 37 months ago, so its
    # certificates have lapsed.
    signed_on = timezone.localdate() - datetime.timedelta(days=37 * 31)
    prefix = "certificates"
    data = {
        "number": decision.number, "signed_on": signed_on.isoformat(), "issuing_body": decision.issuing_body,
        "issuing_level": decision.issuing_level, "criteria_version": decision.criteria_version,
        f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-INITIAL_FORMS": 1, f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
        f"{prefix}-0-id": certificate.pk, f"{prefix}-0-decision": decision.pk,
        # The operator also corrects the star on the same page.
        f"{prefix}-0-product": certified_product.pk, f"{prefix}-0-number": "", f"{prefix}-0-star": 5,
        f"{prefix}-0-status": "active", f"{prefix}-0-revocation_reason": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:catalogue_recognitiondecision_change", args=[decision.pk]), data
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    certificate.refresh_from_db()
    assert (certificate.star, certificate.valid_until) == (5, certificate_valid_until(signed_on))
    assert indexed(certified_product) is None


def test_renaming_a_producer_in_admin_reindexes_its_products(
    admin_client, django_capture_on_commit_callbacks
):
    producer = ProducerFactory(name="HTX Cũ")
    product = create_product(producer=producer)
    url = reverse("admin:producers_producer_change", args=[producer.pk])
    data = form_fields(admin_client.get(url).context["adminform"].form)
    data["name"] = "HTX Nông sản Quảng Thọ"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    text = indexed(product).text_exact  # stored lower-cased
    assert "htx nông sản quảng thọ" in text and "htx cũ" not in text


# Oscar dashboard: products, stock records, bulk actions


def test_a_price_changed_in_the_dashboard_reaches_search(
    admin_client, certified_product, django_capture_on_commit_callbacks
):
    url = reverse("dashboard:catalogue-product", args=[certified_product.pk])
    data = resubmit(admin_client.get(url))
    price_key = next(key for key in data if key.endswith("-0-price") and "stockrecord" in key)
    data[price_key] = "99000"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, [
        (key, getattr(value, "errors", None)) for key, value in response.context_data.items()
        if getattr(value, "errors", None)
    ]
    assert certified_product.stockrecords.get().price == Decimal("99000")
    assert indexed(certified_product).price == 99_000


def test_a_product_deleted_in_the_dashboard_leaves_search(
    admin_client, certified_product, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("dashboard:catalogue-product-delete", args=[certified_product.pk]))
    assert response.status_code == 302
    assert indexed(certified_product) is None


def test_making_products_non_public_in_bulk_delists_them(admin_client, django_capture_on_commit_callbacks):
    hidden, kept = create_product("Nước mắm Cửa Khe"), create_product("Trà xanh Thái")
    confirm = admin_client.post(
        reverse("dashboard:catalogue-product-list"),
        {"action": "make_products_non_public", "selected_product": [hidden.pk]},
    )
    assert confirm.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(confirm.url, {"selected_products": [hidden.pk]})
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert not hidden.is_public
    assert indexed(hidden) is None
    assert indexed(kept) is not None


def test_setting_prices_in_bulk_reaches_search(admin_client, django_capture_on_commit_callbacks):
    product = create_product("Nước mắm Cửa Khe", price=150_000)
    confirm = admin_client.post(
        reverse("dashboard:catalogue-product-list"),
        {"action": "set_product_price", "selected_product": [product.pk]},
    )
    form = admin_client.get(confirm.url).context["form"]
    data = form_fields(form)
    data.update({"selected_products": [product.pk], "new_price": "135000"})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(confirm.url, data)
    assert response.status_code == 302, getattr(response, "context", None) and response.context["form"].errors
    assert indexed(product).price == 135_000
