"""Operators' refunds due: lines cancelled after a bank transfer was paid are
listed (oldest first) with a "mark refunded" form; marking records who, when and
the bank reference, once (atomic, idempotent); producers cannot see or use it."""

import pytest
from django.conf import settings
from django.urls import reverse
from oscar.core.loading import get_model

from checkout.refunds import cancel_lines
from marketplace.order.models import RefundPaid
from marketplace.order.refunds_due import mark_refunded, refunds_due
from marketplace.order.statuses import PaymentEventName, PaymentStatus
from tests.factories import (
    ProducerFactory,
    create_product,
    make_basket,
    place_basket,
    producer_user,
)

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


@pytest.fixture
def shop(django_user_model):
    producer = ProducerFactory(name="HTX Quảng Thọ II")
    tea = create_product("Trà rau má", price=85_000, stock=20, producer=producer)
    honey = create_product("Mật ong", price=150_000, stock=20, producer=producer)
    orders = []
    for email in ("lan@example.vn", "an@example.vn", "binh@example.vn"):
        order = place_basket(make_basket((tea, 2), (honey, 1)), guest_email=email)
        Order.objects.filter(pk=order.pk).update(payment_method="vietqr", payment_status=PaymentStatus.PAID)
        order.refresh_from_db()
        cancel_lines(None, order, [order.lines.get(product=tea).pk])
        orders.append(order)
    operator = django_user_model.objects.create_user(username="op", email="op@example.vn", password="x",
                                                      is_staff=True)
    return {"orders": orders, "operator": operator, "producer_user": producer_user(producer, "quangtho")}


def test_operators_see_refunds_due_in_few_queries(client, shop, django_assert_max_num_queries):
    client.force_login(shop["operator"])
    url = reverse("dashboard:order-refunds-due")
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    assert page.count('<tr data-event="') == 3
    for order in shop["orders"]:
        assert order.number in page and order.guest_email in page
    assert "Trà rau má × 2" in page and "170.000" in page
    assert reverse("dashboard:order-refunds-due") in client.get(reverse("dashboard:index")).content.decode()


def test_mark_refunded_records_who_when_and_the_reference_once(client, shop):
    client.force_login(shop["operator"])
    (event, *_rest) = refunds_due()
    url = reverse("dashboard:order-refund-mark-paid", kwargs={"event_id": event.pk})
    assert client.post(url, {"bank_reference": "  FT2533 5901 "}).status_code == 302
    record = RefundPaid.objects.get()
    assert (record.event_id, record.paid_by, record.bank_reference) == (event.pk, shop["operator"], "FT2533 5901")
    assert record.paid_at is not None
    assert event.order.notes.filter(message__contains="FT2533 5901").count() == 1
    # Again (a double click, another operator): nothing new, the first record stays.
    client.post(url, {"bank_reference": "OTHER"})
    assert RefundPaid.objects.count() == 1 and RefundPaid.objects.get().bank_reference == "FT2533 5901"
    assert event.order.notes.filter(message__contains="FT2533").count() == 1
    page = client.get(reverse("dashboard:order-refunds-due")).content.decode()
    assert page.count('<tr data-event="') == 3  # two due, one recently paid
    assert 'id="refunds_paid"' in page and "FT2533 5901" in page and "op" in page
    assert [e.pk for e in refunds_due()] == [e.pk for e in refunds_due() if e.pk != event.pk]
    assert event.pk not in [e.pk for e in refunds_due()]


def test_a_reference_is_required_and_other_events_are_not_refunds_due(client, shop):
    client.force_login(shop["operator"])
    (event, *_rest) = refunds_due()
    client.post(reverse("dashboard:order-refund-mark-paid", kwargs={"event_id": event.pk}), {"bank_reference": " "})
    assert RefundPaid.objects.count() == 0
    paid_event = event.order.payment_events.exclude(event_type__name=PaymentEventName.REFUND_DUE).first()
    if paid_event is not None:
        response = client.post(reverse("dashboard:order-refund-mark-paid", kwargs={"event_id": paid_event.pk}),
                               {"bank_reference": "X"})
        assert response.status_code == 404
    assert client.post(reverse("dashboard:order-refund-mark-paid", kwargs={"event_id": 999_999}),
                       {"bank_reference": "X"}).status_code == 404
    assert RefundPaid.objects.count() == 0


def test_producers_cannot_see_or_mark_refunds(client, shop):
    from django.core.exceptions import PermissionDenied

    client.force_login(shop["producer_user"])
    response = client.get(reverse("dashboard:order-refunds-due"))
    assert response.status_code in (302, 403) and "170.000" not in response.content.decode()
    (event, *_rest) = refunds_due()
    client.post(reverse("dashboard:order-refund-mark-paid", kwargs={"event_id": event.pk}), {"bank_reference": "X"})
    assert RefundPaid.objects.count() == 0
    with pytest.raises(PermissionDenied):
        mark_refunded(shop["producer_user"], event.pk, "X")
    assert reverse("dashboard:order-refunds-due") not in client.get(reverse("dashboard:index")).content.decode()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_buyer_is_emailed_in_their_language_once_when_the_refund_is_paid(
        shop, language, mailoutbox, django_capture_on_commit_callbacks):
    from django.utils import translation
    from django.utils.translation import gettext

    (event, *_rest) = refunds_due()
    Order.objects.filter(pk=event.order_id).update(language=language)
    with django_capture_on_commit_callbacks(execute=True):
        mark_refunded(shop["operator"], event.pk, "FT2533 5901")
    with django_capture_on_commit_callbacks(execute=True):
        mark_refunded(shop["operator"], event.pk, "FT2533 5901")  # again: no second email
    (mail,) = mailoutbox
    assert mail.to == [event.order.guest_email]
    with translation.override(language):
        assert gettext("Bank reference of the transfer: %(reference)s") % {"reference": "FT2533 5901"} in mail.body
        assert (gettext("Your refund for order %(number)s at %(shop_name)s has been sent")
                % {"number": event.order.number, "shop_name": settings.OSCAR_SHOP_NAME}) == mail.subject
    assert "170.000" in mail.body  # the tea line: 2 × 85.000 ₫
    if language == "en":
        assert "We have transferred" in mail.body
    else:
        assert "We have transferred" not in mail.body


def test_no_email_when_marking_is_refused(shop, mailoutbox, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    (event, *_rest) = refunds_due()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        mark_refunded(shop["operator"], event.pk, "   ")
    assert not mailoutbox
