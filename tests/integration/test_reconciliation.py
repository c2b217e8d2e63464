"""Bank statement reconciliation: credits with the order's transfer code and its
exact amount pay the order (one PaymentEvent per statement line, never twice);
everything else waits on the review list for an operator's decision."""

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from checkout.payment.vietqr import transfer_note
from checkout.reconciliation.matching import (
    DecisionRefused,
    assign_line,
    ignore_line,
    import_statement,
    settle_overpayment,
)
from checkout.reconciliation.models import StatementLine
from checkout.reconciliation.parsers import StatementInvalid
from marketplace.order.statuses import PaymentEventName, PaymentStatus
from tests.factories import ProducerFactory, create_product, make_basket, place_basket

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
Outcome, Reason = StatementLine.Outcome, StatementLine.ReviewReason


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def transfer_order(product, quantity=1):
    order = place_basket(make_basket((product, quantity)), guest_email="buyer@example.vn")
    Order.objects.filter(pk=order.pk).update(payment_method="vietqr", payment_status=PaymentStatus.AWAITING_TRANSFER)
    order.refresh_from_db()
    return order


@pytest.fixture
def orders():
    tea = create_product("Trà rau má", price=85_000, stock=50, producer=ProducerFactory())
    return [transfer_order(tea, n) for n in (1, 2, 3, 4, 5)]


def vcb(*rows):
    """A Vietcombank export with its account details before the header."""
    lines = ["NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM", "Số tài khoản:,0011001932418", "",
             "STT,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Số dư,Mô tả"]
    for n, (credit, note) in enumerate(rows, 1):
        lines.append(f'{n},02/11/2026 08:{n:02d}:00,5213-{n},,"{credit:,}",,{note}')
    return ("\n".join(lines) + "\n").encode()


def paid_events(order):
    return list(PaymentEvent.objects.filter(order=order, event_type__name=PaymentEventName.PAID)
                .values_list("amount", flat=True))


def test_exact_matches_pay_and_the_rest_wait_for_review(orders, admin_user):
    exact, partial, over, paid_twice, unknown = orders
    code = transfer_note(exact.number)
    data = vcb(
        (int(exact.total_incl_tax), f"MBVCB.123.{code[:6].lower()} {code[6:]}.CT tu NGUYEN THI LAN"),
        (int(partial.total_incl_tax) - 10_000, transfer_note(partial.number)),
        (int(over.total_incl_tax) + 50_000, f"thanh toan {transfer_note(over.number)}"),
        (int(exact.total_incl_tax), code),  # the buyer paid twice
        (99_000, "chuyen tien"),
        (int(unknown.total_incl_tax), f"{transfer_note(unknown.number)} {transfer_note(partial.number)}"),
        (10_000, "OCOP999999" + "A"),
    )
    result = import_statement(admin_user, data, "sao-ke.csv", "vietcombank")
    assert (result.matched, result.to_review, result.already_imported) == (1, 6, 0)
    exact.refresh_from_db()
    assert exact.payment_status == PaymentStatus.PAID and paid_events(exact) == [exact.total_incl_tax]
    lines = {line.line_number: line for line in result.statement.lines.all()}
    assert lines[5].outcome == Outcome.MATCHED and lines[5].order == exact
    assert lines[5].payment_event.reference == lines[5].payment_reference
    assert [(lines[n].review_reason, lines[n].order) for n in (6, 7, 8, 9, 10)] == [
        (Reason.PARTIAL, partial), (Reason.OVERPAID, over), (Reason.DUPLICATE, exact), (Reason.UNKNOWN, None),
        (Reason.AMBIGUOUS, None)]
    assert lines[11].review_reason in (Reason.NO_ORDER, Reason.UNKNOWN)
    for order in (partial, over, unknown):
        order.refresh_from_db()
        assert order.payment_status == PaymentStatus.AWAITING_TRANSFER

    # The same statement again (and a longer one holding it) changes nothing already done.
    again = import_statement(admin_user, data, "sao-ke.csv", "vietcombank")
    assert (again.matched, again.to_review, again.already_imported) == (0, 0, 7)
    assert StatementLine.objects.count() == 7 and paid_events(exact) == [exact.total_incl_tax]


def test_a_bad_file_changes_nothing(orders, admin_user):
    order = orders[0]
    data = vcb((int(order.total_incl_tax), transfer_note(order.number))) + b'9,31/11/2026,x,,"1,000",,y\n'
    with pytest.raises(StatementInvalid) as caught:
        import_statement(admin_user, data, "bad.csv", "vietcombank")
    assert caught.value.errors[0][0] == 6
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.AWAITING_TRANSFER and not StatementLine.objects.exists()


def test_operators_decide_the_review_list_once(orders, admin_user):
    _exact, partial, over, _four, five = orders
    result = import_statement(admin_user, vcb(
        (int(partial.total_incl_tax) - 10_000, transfer_note(partial.number)),
        (int(over.total_incl_tax) + 50_000, transfer_note(over.number)),
        (5_000, "hoan tien"),
    ), "s.csv", "vietcombank")
    short, extra, stray = result.statement.lines.order_by("line_number")

    assign_line(admin_user, short.pk, partial.number, note="rest paid in cash at the shop")
    partial.refresh_from_db()
    short.refresh_from_db()
    assert partial.payment_status == PaymentStatus.PAID
    assert (short.outcome, short.decided_by, short.order) == (Outcome.ASSIGNED, admin_user, partial)
    assert short.decided_at and short.payment_event.order == partial
    with pytest.raises(DecisionRefused):
        assign_line(admin_user, short.pk, partial.number)

    with pytest.raises(DecisionRefused):
        settle_overpayment(admin_user, extra.pk, five.number)  # not more than that order's total
    settle_overpayment(admin_user, extra.pk, over.number)
    over.refresh_from_db()
    owed = PaymentEvent.objects.get(order=over, event_type__name=PaymentEventName.REFUND_DUE)
    assert over.payment_status == PaymentStatus.PAID and owed.amount == 50_000

    with pytest.raises(DecisionRefused):
        ignore_line(admin_user, stray.pk, "  ")
    ignore_line(admin_user, stray.pk, "bank's own refund")
    stray.refresh_from_db()
    assert (stray.outcome, stray.decision_note) == (Outcome.IGNORED, "bank's own refund")


def test_the_dashboard_upload_and_review_pages(client, orders, admin_user, django_user_model,
                                               django_assert_max_num_queries):
    order = orders[0]
    client.force_login(admin_user)
    url = reverse("reconciliation-dashboard:statement-list")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("vcb.csv", vcb((int(order.total_incl_tax), transfer_note(order.number)),
                                               (12_000, "chuyen tien")))
    response = client.post(url, {"layout": "vietcombank", "file": upload}, follow=True)
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID
    stray = StatementLine.objects.get(outcome=Outcome.REVIEW)

    bad = SimpleUploadedFile("bad.csv", b"date,amount,description,reference\n31/02/2026,5,x,y\n")
    page = client.post(url, {"layout": "generic", "file": bad}).content.decode()
    assert "31/02/2026" in page and "2" in page

    for _n in range(5):
        import_statement(admin_user, vcb((7_000 + _n, f"x{_n}")), f"s{_n}.csv", "vietcombank")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("reconciliation-dashboard:review")).content.decode()
    assert f'data-line="{stray.pk}"' in page
    with django_assert_max_num_queries(12):
        client.get(url)

    response = client.post(reverse("reconciliation-dashboard:decide", kwargs={"pk": stray.pk}),
                           {"action": "ignore", "note": "test transfer"})
    assert response.status_code == 302
    stray.refresh_from_db()
    assert stray.outcome == Outcome.IGNORED

    producer = django_user_model.objects.create_user("p", "p@example.vn", "x")
    client.force_login(producer)
    assert client.get(url).status_code in (302, 403)


def test_a_simultaneous_upload_of_the_same_statement_gets_a_friendly_message(client, orders, admin_user,
                                                                           monkeypatch):
    """Two uploads of one statement at the same moment: the second looked at the
    fingerprints before the first committed, so its insert meets the unique index.
    It is rolled back whole and the operator is told, not shown an error page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from checkout.reconciliation import matching
    from checkout.reconciliation.models import BankStatement

    order = orders[0]
    data = vcb((int(order.total_incl_tax), transfer_note(order.number)), (12_000, "chuyen tien"))
    import_statement(admin_user, data, "first.csv", "vietcombank")  # the other upload, committed
    monkeypatch.setattr(matching, "known_fingerprints", lambda prints: set())  # …not yet seen by this one
    client.force_login(admin_user)
    url = reverse("reconciliation-dashboard:statement-list")
    response = client.post(url, {"layout": "vietcombank", "file": SimpleUploadedFile("again.csv", data)},
                           follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "These lines were being imported by another upload of the same statement at the same moment; "
        "they are imported once. See the statement list."]
    assert list(BankStatement.objects.values_list("file_name", flat=True)) == ["first.csv"]
    assert StatementLine.objects.count() == 2 and paid_events(order) == [order.total_incl_tax]


def test_the_bank_statements_menu_entry_is_for_operators_not_producers(client, admin_user):
    from tests.factories import producer_user

    url = reverse("reconciliation-dashboard:statement-list")
    client.force_login(admin_user)
    assert f'href="{url}"' in client.get(reverse("dashboard:index")).content.decode()
    producer = producer_user(ProducerFactory(), "baola")
    client.force_login(producer)
    home = client.get(reverse("dashboard:index"), follow=True)
    assert home.status_code == 200 and f'href="{url}"' not in home.content.decode()
    assert client.get(url).status_code in (302, 403)
