"""Stripe card payments and the webhook, with no network: the SDK talks to an
injected fake HTTP client, and a socket guard fails any test that tries more."""

import json
import socket
import time
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
import stripe
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from oscar.core.loading import get_model

from checkout.payment.stripe.client import StripeGateway
from checkout.payment.stripe.method import StripeCard
from marketplace.order.statuses import PaymentStatus
from tests.factories import ProducerFactory, ProvinceFactory, WardFactory, create_product

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
StockRecord = get_model("partner", "StockRecord")
PaymentEvent = get_model("order", "PaymentEvent")
ProcessedStripeEvent = get_model("checkout", "ProcessedStripeEvent")

WEBHOOK_SECRET = "whsec_test_secret"


class FakeStripeHTTP(stripe.HTTPClient):
    """Answers the few Stripe endpoints the shop uses, from memory."""

    name = "fake"

    def __init__(self):
        super().__init__()
        self.requests: list[dict] = []
        self.intents: dict[str, dict] = {}
        self.by_key: dict[str, str] = {}
        self.refunds: list[dict] = []

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        params = {k: v[0] for k, v in parse_qs(post_data or "").items()}
        self.requests.append({"method": method, "url": url, "headers": dict(headers or {}), "params": params})
        path = url.split("api.stripe.com", 1)[1].split("?")[0]
        key = (headers or {}).get("Idempotency-Key")
        if method == "post" and path == "/v1/payment_intents":
            if key in self.by_key:
                return self._json(self.intents[self.by_key[key]])
            intent_id = f"pi_test_{len(self.intents) + 1}"
            self.intents[intent_id] = {
                "id": intent_id, "object": "payment_intent", "amount": int(params["amount"]),
                "amount_received": 0, "currency": params["currency"], "status": "requires_payment_method",
                "client_secret": f"{intent_id}_secret_x",
                "metadata": {k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")},
            }
            self.by_key[key] = intent_id
            return self._json(self.intents[intent_id])
        if method == "get" and path.startswith("/v1/payment_intents/"):
            intent = self.intents.get(path.rsplit("/", 1)[1])
            if intent is None:
                return json.dumps({"error": {"type": "invalid_request_error", "message": "No such payment_intent"}}), 404, {}
            return self._json(intent)
        if method == "post" and path == "/v1/refunds":
            refund = {"id": f"re_test_{len(self.refunds) + 1}", "object": "refund",
                      "payment_intent": params["payment_intent"], "status": "succeeded"}
            self.refunds.append({**refund, "idempotency_key": key})
            return self._json(refund)
        raise AssertionError(f"unexpected Stripe call {method} {path}")

    def _json(self, body):
        return json.dumps(body), 200, {"Request-Id": "req_test"}

    def pay(self, intent_id):
        """What Stripe.js does in the browser when the card is accepted."""
        intent = self.intents[intent_id]
        intent.update(status="succeeded", amount_received=intent["amount"])


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")):
            return real_connect(self, address)
        raise AssertionError(f"test tried to reach the network: {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def fake_stripe(settings, monkeypatch):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_x"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    fake = FakeStripeHTTP()
    monkeypatch.setattr(StripeGateway, "http_client", fake)
    return fake


@pytest.fixture
def basket_at_preview(client, settings, fake_stripe):
    settings.FREE_SHIPPING_THRESHOLD_VND = 10_000_000
    settings.SHIPPING_DEFAULT_FEE_VND = 30_000
    hue = ProvinceFactory()
    ward = WardFactory(province=hue)
    tea = create_product("Trà rau má Quảng Thọ", price=85_000, stock=5, producer=ProducerFactory())
    client.post(reverse("basket:add", kwargs={"pk": tea.pk}), {"quantity": 3})
    client.post(reverse("checkout:index"), {"username": "tourist@example.com", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), {
        "first_name": "Anna Schmidt", "phone_number": "+84 987 654 321", "line1": "5 Phạm Ngũ Lão",
        "province": hue.pk, "ward": ward.pk,
    })
    client.get(reverse("checkout:shipping-method"))
    client.post(reverse("checkout:payment-details"), {"payment_method": "stripe"})
    page = client.get(reverse("checkout:preview"))
    assert page.status_code == 200
    return {"page": page.content.decode(), "tea": tea, "fake": fake_stripe}


def only_intent(fake):
    assert len(fake.intents) == 1
    return next(iter(fake.intents.values()))


def test_payment_intent_is_in_whole_dong_with_a_business_idempotency_key(client, basket_at_preview):
    fake = basket_at_preview["fake"]
    intent = only_intent(fake)
    # 3 × 85.000 + 30.000 delivery = 285.000 ₫: zero-decimal, never × 100.
    assert intent["amount"] == 285_000
    assert intent["currency"] == "vnd"
    create = next(r for r in fake.requests if r["url"].endswith("/v1/payment_intents"))
    assert create["headers"]["Idempotency-Key"] == f"pi-{intent['metadata']['order_number']}-285000"
    assert intent["client_secret"] in basket_at_preview["page"]
    assert 'id="payment-element"' in basket_at_preview["page"]
    # Reloading the page reuses the same intent (same key).
    client.get(reverse("checkout:preview"))
    assert len(fake.intents) == 1


def test_order_is_placed_only_after_the_server_sees_the_intent_succeed(client, basket_at_preview):
    fake = basket_at_preview["fake"]
    intent = only_intent(fake)

    response = client.post(reverse("checkout:preview"), {"action": "place_order", "payment_intent": intent["id"]})
    assert response.status_code == 200
    with translation.override("vi"):
        expected = gettext("Your card has not been charged (payment status: %(status)s). Please try again.") % {
            "status": "requires_payment_method"}
    assert expected in response.content.decode()
    assert Order.objects.count() == 0

    fake.pay(intent["id"])
    response = client.post(reverse("checkout:preview"), {"action": "place_order", "payment_intent": intent["id"]})
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.payment_method == "stripe"
    assert order.payment_status == PaymentStatus.PAID
    assert order.total_incl_tax == Decimal("285000")
    source = Source.objects.get(order=order)
    assert source.reference == intent["id"]
    assert source.amount_debited == Decimal("285000")
    assert order.payment_events.get().amount == Decimal("285000")
    retrieve = [r for r in fake.requests if r["method"] == "get"]
    assert len(retrieve) == 2  # re-fetched at each attempt, never trusted from the browser


def test_an_intent_of_another_session_is_refused(client, basket_at_preview):
    fake = basket_at_preview["fake"]
    fake.intents["pi_other"] = {**only_intent(fake), "id": "pi_other", "status": "succeeded"}
    response = client.post(reverse("checkout:preview"), {"action": "place_order", "payment_intent": "pi_other"})
    assert response.status_code == 200
    assert Order.objects.count() == 0


def test_money_taken_but_stock_gone_refunds_and_tells_the_buyer(client, basket_at_preview, monkeypatch):
    fake = basket_at_preview["fake"]
    intent = only_intent(fake)
    fake.pay(intent["id"])
    take_payment = StripeCard.take_payment

    def stock_taken_meanwhile(self, *args, **kwargs):
        result = take_payment(self, *args, **kwargs)
        StockRecord.objects.filter(product=basket_at_preview["tea"]).update(num_allocated=4)
        return result

    monkeypatch.setattr(StripeCard, "take_payment", stock_taken_meanwhile)
    response = client.post(reverse("checkout:preview"), {"action": "place_order", "payment_intent": intent["id"]})
    monkeypatch.setattr(StripeCard, "take_payment", take_payment)
    body = response.content.decode()
    assert response.status_code == 200
    from marketplace.order.exceptions import OutOfStock

    with translation.override("vi"):
        given_back = gettext("Your card payment of %(amount)s ₫ has been refunded to your card; your bank "
                             "shows it within 5–10 days.") % {"amount": "285.000"}
        refunded = f"{OutOfStock('Trà rau má Quảng Thọ', 1)} {given_back}"
    assert refunded in body
    assert Order.objects.count() == 0 and Source.objects.count() == 0
    assert len(fake.refunds) == 1
    assert fake.refunds[0]["payment_intent"] == intent["id"]
    assert fake.refunds[0]["idempotency_key"].startswith("refund-")
    # Paying again (after fixing the basket) needs, and gets, a fresh intent.
    StockRecord.objects.filter(product=basket_at_preview["tea"]).update(num_allocated=0)
    assert client.get(reverse("checkout:preview")).status_code == 200
    assert len(fake.intents) == 2


# Webhook ---------------------------------------------------------------------

def signed(payload: str, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = stripe.WebhookSignature._compute_signature(f"{timestamp}.{payload}", secret)
    return f"t={timestamp},v1={signature}"


def event(event_id, type_, obj) -> str:
    return json.dumps({"id": event_id, "object": "event", "type": type_, "data": {"object": obj}})


def post_webhook(client, payload, signature=None):
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature else {}
    return client.post("/checkout/stripe/webhook/", payload, content_type="application/json", **headers)


@pytest.fixture
def paid_order(client, basket_at_preview):
    fake = basket_at_preview["fake"]
    intent = only_intent(fake)
    fake.pay(intent["id"])
    client.post(reverse("checkout:preview"), {"action": "place_order", "payment_intent": intent["id"]})
    return Order.objects.get(), intent


def test_webhook_refuses_missing_forged_and_stale_signatures(client, fake_stripe):
    payload = event("evt_1", "payment_intent.succeeded", {"id": "pi_x", "amount": 1, "amount_received": 1})
    assert post_webhook(client, payload).status_code == 400
    assert post_webhook(client, payload, signed(payload, secret="whsec_forged")).status_code == 400
    assert post_webhook(client, payload, signed(payload, timestamp=int(time.time()) - 3600)).status_code == 400
    tampered = payload.replace('"amount": 1', '"amount": 2')
    assert post_webhook(client, tampered, signed(payload)).status_code == 400
    assert ProcessedStripeEvent.objects.count() == 0


def test_webhook_records_events_once_per_event_id(client, paid_order):
    order, intent = paid_order
    events_before = order.payment_events.count()
    payload = event("evt_ok", "payment_intent.succeeded",
                    {"id": intent["id"], "amount": 285_000, "amount_received": 285_000})
    assert post_webhook(client, payload, signed(payload)).status_code == 200
    assert post_webhook(client, payload, signed(payload)).status_code == 200  # Stripe retries
    assert order.payment_events.count() == events_before + 1
    recorded = order.payment_events.latest("pk")
    assert recorded.event_type.name == "Stripe: payment succeeded"
    assert recorded.amount == Decimal("285000")


def test_webhook_charge_refunded_marks_the_order_refunded(client, paid_order):
    order, intent = paid_order
    charge = {"id": "ch_1", "object": "charge", "payment_intent": intent["id"],
              "amount": 285_000, "amount_refunded": 285_000}
    payload = event("evt_refund", "charge.refunded", charge)
    assert post_webhook(client, payload, signed(payload)).status_code == 200
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.REFUNDED
    assert order.payment_events.filter(event_type__name="Stripe: refunded", amount=285_000).count() == 1


def test_webhook_payment_failed_is_recorded(client, paid_order):
    order, intent = paid_order
    payload = event("evt_fail", "payment_intent.payment_failed", {"id": intent["id"], "amount": 285_000})
    assert post_webhook(client, payload, signed(payload)).status_code == 200
    assert order.payment_events.filter(event_type__name="Stripe: payment failed").count() == 1


def test_stripe_is_offered_only_when_configured(client, settings):
    from checkout.payment import available_methods

    settings.STRIPE_SECRET_KEY = None
    assert [m.code for m in available_methods()] == ["cod"]
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = settings.STRIPE_WEBHOOK_SECRET = "x"
    assert "stripe" in [m.code for m in available_methods()]


def test_stripe_down_shows_a_notice_instead_of_an_error_page(client, basket_at_preview, monkeypatch, settings):
    def down(self, method, url, headers, post_data=None, *, _usage=None):
        raise stripe.APIConnectionError("connection refused")

    monkeypatch.setattr(FakeStripeHTTP, "request", down)
    monkeypatch.setattr(StripeGateway, "http_client", FakeStripeHTTP())
    client.get(reverse("basket:summary"))
    # A changed total needs a new intent, so the page must call Stripe again.
    settings.SHIPPING_DEFAULT_FEE_VND = 31_000
    response = client.get(reverse("checkout:preview"))
    assert response.status_code == 200
    assert 'id="stripe_unavailable"' in response.content.decode()
    assert 'id="payment-element"' not in response.content.decode()


# A card payment whose buyer never came back -----------------------------------

StripeIntentOutcome = get_model("checkout", "StripeIntentOutcome")


@pytest.fixture
def deferred_tasks(settings):
    """A task backend that can defer (as the database backend in production), here
    one that only records what was enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    return default_task_backend


def test_a_paid_intent_with_no_order_is_refunded_after_the_grace_period(
    client, basket_at_preview, deferred_tasks, settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from checkout.payment.stripe.refunds import refund_unplaced_payment

    settings.STRIPE_UNPLACED_REFUND_MINUTES = 30
    fake = basket_at_preview["fake"]
    intent = only_intent(fake)
    fake.pay(intent["id"])  # the buyer paid, then closed the tab
    payload = event("evt_paid", "payment_intent.succeeded",
                    {"id": intent["id"], "amount": 285_000, "amount_received": 285_000})
    with django_capture_on_commit_callbacks(execute=True):
        assert post_webhook(client, payload, signed(payload)).status_code == 200
    (scheduled,) = deferred_tasks.results
    assert scheduled.task.func is refund_unplaced_payment.func and scheduled.args == [intent["id"]]
    delay = scheduled.task.run_after - timezone.now()
    assert 29 * 60 < delay.total_seconds() <= 30 * 60
    assert fake.refunds == []  # not before the grace period

    assert refund_unplaced_payment.call(intent["id"]) == "refunded"
    assert [r["payment_intent"] for r in fake.refunds] == [intent["id"]]
    outcome = StripeIntentOutcome.objects.get(pk=intent["id"])
    assert outcome.refund_id == fake.refunds[0]["id"]
    assert outcome.order_number == intent["metadata"]["order_number"]

    # The buyer comes back later: no order on refunded money, and a clear message.
    response = client.post(reverse("checkout:preview"), {"action": "place_order", "payment_intent": intent["id"]})
    assert response.status_code == 200
    with translation.override("vi"):
        message = gettext("Your card payment was refunded because the order was not completed in time. "
                          "Nothing was ordered; please place your order again.")
    assert message in response.content.decode()
    assert Order.objects.count() == 0 and Source.objects.count() == 0
    assert StockRecord.objects.get(product=basket_at_preview["tea"]).num_allocated in (None, 0)
    assert len(fake.refunds) == 1
    # Paying again gets a fresh PaymentIntent.
    assert client.get(reverse("checkout:preview")).status_code == 200
    assert len(fake.intents) == 2
    # A second run of the task (a retry) changes nothing.
    assert refund_unplaced_payment.call(intent["id"]) == "refunded"
    assert len(fake.refunds) == 1


def test_the_delayed_refund_leaves_a_placed_order_alone(client, paid_order, deferred_tasks):
    from checkout.payment.stripe.refunds import refund_unplaced_payment

    order, intent = paid_order
    assert StripeIntentOutcome.objects.get(pk=intent["id"]).outcome == "placed"
    assert refund_unplaced_payment.call(intent["id"]) == "placed"
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID


def test_a_failed_refund_frees_the_payment_for_a_late_order(client, basket_at_preview, monkeypatch):
    from checkout.payment.stripe.refunds import refund_unplaced_payment

    fake = basket_at_preview["fake"]
    intent = only_intent(fake)
    fake.pay(intent["id"])

    def stripe_down(self, *args, **kwargs):
        raise stripe.APIConnectionError("Stripe unreachable")

    working_refund = StripeGateway.refund
    monkeypatch.setattr(StripeGateway, "refund", stripe_down)
    with pytest.raises(stripe.APIConnectionError):
        refund_unplaced_payment.call(intent["id"])
    assert not StripeIntentOutcome.objects.exists()
    monkeypatch.setattr(StripeGateway, "refund", working_refund)
    response = client.post(reverse("checkout:preview"), {"action": "place_order", "payment_intent": intent["id"]})
    assert response.status_code == 302
    assert Order.objects.get().payment_status == PaymentStatus.PAID


@pytest.mark.parametrize("payload", [
    "[]", "{}", "null", '"evt"', "not json", '{"id": "evt_x", "data": {"object": {}}}',
    '{"type": "payment_intent.succeeded", "data": {"object": {}}}',
    '{"id": "evt_x", "type": "payment_intent.succeeded"}',
    '{"id": "evt_x", "type": "payment_intent.succeeded", "data": {"object": []}}',
    '{"id": 7, "type": "payment_intent.succeeded", "data": {"object": {}}}',
    # An event the shop handles whose object lacks what its handler reads:
    '{"id": "evt_x", "type": "payment_intent.succeeded", "data": {"object": {}}}',
    '{"id": "evt_x", "type": "charge.refunded", "data": {"object": {"id": "ch_1", "amount": "all"}}}',
    '{"id": "evt_x", "type": "payment_intent.payment_failed", "data": {"object": {"id": "pi_1"}}}',
])
def test_a_signed_body_that_is_not_a_usable_event_is_refused(client, fake_stripe, payload):
    response = post_webhook(client, payload, stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET))
    assert response.status_code == 400
    assert not ProcessedStripeEvent.objects.exists()  # Stripe may deliver it again


def test_a_late_payment_succeeded_never_undoes_a_refund(client, paid_order):
    order, intent = paid_order
    charge = {"id": "ch_1", "object": "charge", "payment_intent": intent["id"],
              "amount": 285_000, "amount_refunded": 285_000}
    succeeded = {"id": intent["id"], "amount": 285_000, "amount_received": 285_000}
    for payload in (event("evt_refund", "charge.refunded", charge),
                    event("evt_late", "payment_intent.succeeded", succeeded)):
        assert post_webhook(client, payload, signed(payload)).status_code == 200
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.REFUNDED
    assert order.payment_events.filter(event_type__name="Stripe: payment succeeded").count() == 1


def test_payment_succeeded_then_refunded_ends_refunded(client, paid_order):
    order, intent = paid_order
    charge = {"id": "ch_1", "object": "charge", "payment_intent": intent["id"],
              "amount": 285_000, "amount_refunded": 285_000}
    succeeded = {"id": intent["id"], "amount": 285_000, "amount_received": 285_000}
    payload = event("evt_ok", "payment_intent.succeeded", succeeded)
    assert post_webhook(client, payload, signed(payload)).status_code == 200
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID
    payload = event("evt_refund", "charge.refunded", charge)
    assert post_webhook(client, payload, signed(payload)).status_code == 200
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.REFUNDED


def test_a_basket_changed_after_paying_refunds_and_the_next_try_gets_a_new_intent(client, basket_at_preview):
    fake = basket_at_preview["fake"]
    intent = only_intent(fake)
    fake.pay(intent["id"])  # 285.000 ₫ taken for 3 teas
    client.post(reverse("basket:add", kwargs={"pk": basket_at_preview["tea"].pk}), {"quantity": 1})  # another tab

    response = client.post(reverse("checkout:preview"), {"action": "place_order", "payment_intent": intent["id"]})
    assert response.status_code == 200
    with translation.override("vi"):
        message = gettext("Your basket changed while you were paying, so the card payment was refunded. "
                          "Please check your basket and pay again.")
    assert message in response.content.decode()
    assert Order.objects.count() == 0
    assert [refund["payment_intent"] for refund in fake.refunds] == [intent["id"]]
    # Recorded, so the webhook's delayed refund leaves it alone.
    assert StripeIntentOutcome.objects.get(pk=intent["id"]).outcome == "refunded"
    assert client.get(reverse("checkout:preview")).status_code == 200
    new = [i for i in fake.intents.values() if i["id"] != intent["id"]]
    assert len(new) == 1 and new[0]["amount"] == 4 * 85_000 + 30_000


def test_paid_but_certificate_revoked_meanwhile_refunds_the_card(client, basket_at_preview, mailoutbox,
                                                                  django_capture_on_commit_callbacks):
    """The product loses its certificate between the card payment and "Place
    order": the basket check sends the buyer back to the basket, and the card
    payment is refunded at once (not left to the delayed refund), with an email."""
    from catalogue.models import Certificate

    fake = basket_at_preview["fake"]
    intent = only_intent(fake)
    fake.pay(intent["id"])
    Certificate.objects.filter(product=basket_at_preview["tea"]).update(status=Certificate.STATUS_REVOKED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checkout:preview"),
                               {"action": "place_order", "payment_intent": intent["id"]})
    assert response.status_code == 302
    assert Order.objects.count() == 0
    (refund,) = fake.refunds
    assert refund["payment_intent"] == intent["id"]
    assert StripeIntentOutcome.objects.get(intent_id=intent["id"]).outcome == StripeIntentOutcome.Outcome.REFUNDED
    with translation.override("vi"):
        given_back = gettext("Your card payment of %(amount)s ₫ has been refunded to your card; your bank "
                             "shows it within 5–10 days.") % {"amount": "285.000"}
    assert escape(given_back) in client.get(response["Location"]).content.decode()
    (mail,) = mailoutbox
    assert mail.to == ["tourist@example.com"]
    assert given_back in mail.body
    # A second click changes nothing: no second refund.
    client.post(reverse("checkout:preview"), {"action": "place_order", "payment_intent": intent["id"]})
    assert len(fake.refunds) == 1
