"""Payment methods are plug-ins: a gateway where the buyer pays on the gateway's
page (as VNPay will be) is one new class, with no change to the checkout views."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

import checkout.payment
from checkout.payment.base import PaymentMethod, PaymentResult, UnableToTakePayment
from marketplace.order.statuses import PaymentEventName, PaymentStatus
from tests.factories import ProvinceFactory, WardFactory, create_product

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


class BankPageGateway(PaymentMethod):
    """The buyer follows a signed link to the bank's page, pays, and is sent back
    to the preview page with the transaction's reference and result."""

    code = "bankpage"
    name = "Bank page"
    instructions_template = "checkout/payment/stripe/instructions.html"
    instructions_text_template = "checkout/payment/stripe/instructions.txt"

    def preview_context(self, request, session, *, basket, order_number, total):
        reference = f"TXN-{order_number}-{session.payment_attempt()}"
        session.set_payment_reference(reference)
        return {"bank_url": f"https://bank.example/pay?ref={reference}&amount={int(total.incl_tax)}"}

    def is_gateway_return(self, request):
        return "bank_ref" in request.GET

    def payment_details(self, request, session):
        reference = request.GET.get("bank_ref")
        return {"reference": reference if reference == session.payment_reference() else "",
                "result": request.GET.get("bank_result", "")}

    def take_payment(self, order_number, total, reference="", result="", **details):
        if not reference or result != "00":
            raise UnableToTakePayment("The bank did not take the payment.")
        return PaymentResult(source_type="Bank page", amount_allocated=total.incl_tax,
                             amount_debited=total.incl_tax, payment_status=PaymentStatus.PAID,
                             reference=reference, events=[(PaymentEventName.PAID, total.incl_tax, reference)])


@pytest.fixture
def bank_gateway(monkeypatch):
    monkeypatch.setattr(checkout.payment, "METHODS", [*checkout.payment.METHODS, f"{__name__}.BankPageGateway"])
    checkout.payment.method_classes.cache_clear()
    yield
    checkout.payment.method_classes.cache_clear()


def test_a_gateway_method_is_offered_started_on_the_preview_and_places_the_order_on_return(client, bank_gateway):
    hue = ProvinceFactory()
    tea = create_product(price=85_000)
    client.post(reverse("basket:add", kwargs={"pk": tea.pk}), {"quantity": 2})
    client.post(reverse("checkout:index"), {"username": "a@example.vn", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), {
        "first_name": "Lan", "phone_number": "0912345678", "line1": "1 Lê Lợi",
        "province": hue.pk, "ward": WardFactory(province=hue).pk,
    })
    client.get(reverse("checkout:shipping-method"))
    assert 'value="bankpage"' in client.get(reverse("checkout:payment-details")).content.decode()
    client.post(reverse("checkout:payment-details"), {"payment_method": "bankpage"})

    preview = client.get(reverse("checkout:preview"))
    bank_url = preview.context["bank_url"]
    reference = bank_url.split("ref=")[1].split("&")[0]
    # A forged return (another reference) places nothing.
    forged = client.get(reverse("checkout:preview"), {"bank_ref": "TXN-other", "bank_result": "00"})
    assert forged.status_code == 200 and Order.objects.count() == 0

    response = client.get(reverse("checkout:preview"), {"bank_ref": reference, "bank_result": "00"})
    assert response.status_code == 302 and response["Location"].endswith(reverse("checkout:thank-you"))
    order = Order.objects.get()
    assert (order.payment_method, order.payment_status) == ("bankpage", PaymentStatus.PAID)
    source = order.sources.get()
    assert (source.source_type.name, source.reference, source.amount_debited) == (
        "Bank page", reference, order.total_incl_tax)
    assert order.total_incl_tax == Decimal(bank_url.rsplit("amount=", 1)[1])
