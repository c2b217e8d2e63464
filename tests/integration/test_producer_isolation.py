"""Producers never reach each other's data: every dashboard, CMS and API URL a
producer can open, filled with another producer's ids, answers 403/404 (or sends
them away), and no URL answers 500 to a malformed id.

The URL patterns are walked from the resolver, so a new view cannot be forgotten:
every pattern with ids must be listed in ``ROUTES`` with what a producer may do
there, or the coverage test fails."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.images.tests.utils import get_test_image_file

from catalogue.applications import submit_application
from cms.sections import ensure_moderation, setup_producer_section
from marketplace.payouts.bank_accounts import request_account
from marketplace.payouts.models import CommissionRate, PayoutStatement
from marketplace.producers.invitations import invitation_path
from marketplace.producers.listings import request_listing_change
from marketplace.sales_points.models import PickUp
from tests.factories import (
    ProducerFactory,
    create_product,
    create_sales_point,
    make_basket,
    place_basket,
    png_scan,
)
from tests.pages import build_site, make_story

pytestmark = pytest.mark.django_db
User = get_user_model()
OrderNote = get_model("order", "OrderNote")

PREFIXES = ("dashboard/", "cms/", "api/")
#: Where Oscar, Wagtail and Django admin send a user who may not see a page.
REFUSAL_PAGES = {"/cms/", "/dashboard/", "/dashboard/login/", "/cms/login/", "/accounts/login/", "/admin/login/",
                 # Oscar's "new product of type x" sends producers to their own empty form.
                 "/dashboard/producer/products/new/"}
DRAFT_B = "Bản nháp chưa duyệt của Quảng Thọ"

KWARG = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>")


#: Patterns with ids that a producer may open with another producer's ids, and why.
ALLOWED = {
    'cms/editing-sessions/release/<int:session_id>/':
        "releases the user's own editing session; any other id changes nothing",
    'cms/choose-page/<int:parent_page_id>/':
        "Wagtail's page chooser for links: published pages, and drafts only to whoever may edit them (cms/wagtail_hooks.py)",
    'cms/pages/<int:page_id>/revisions/':
        "redirects to the page's history, which is denied",
    'cms/pages/<int:parent_page_id>/':
        "Wagtail's explorer: published pages, and drafts only to whoever may edit them",
    'cms/pages/<int:parent_page_id>/results/':
        "the explorer's listing, the same",
    'cms/pages/create/<slug:app_label>/<slug:model_name>':
        "a page type, not an object id; leads to the user's own section",
    'cms/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/':
        'a page type, not an object id; published pages and own drafts only',
    'cms/pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/results/':
        'the same listing',
    'cms/pages/workflow/confirm_cancellation/<int:page_id>/':
        'says only whether publishing would cancel a workflow, and at which task (no page content)',
    'cms/password_reset/confirm/<uidb64>/<token>/':
        'a token from a password reset email, not an object id',
    'cms/product-chooser/chosen/<str:pk>/':
        'sellable products only, which the shop shows to everyone',
    'dashboard/producer/invitation/<str:uidb64>/<str:token>/':
        "a token from an invitation email, not an object id; it opens only for that email's owner",
}
#: Everything else with ids: another producer's ids are refused.
DENIED = {
    # The sales points' token API: a token, never a session (401 without one).
    'api/v1/sales-points/<str:code>/ledger/',
    'api/v1/sales-points/<str:code>/sales/',
    'api/v1/sales-points/<str:code>/stock/',
    'dashboard/catalogue/certificates/<str:code>/labels.pdf',
    'dashboard/catalogue/certificates/<str:code>/qr.png',
    'dashboard/catalogue/certificates/<str:code>/qr.svg',
    'cms/api/main/^documents/<int:pk>/',
    'cms/api/main/^images/<int:pk>/',
    'cms/api/main/^pages/<int:pk>/',
    'cms/api/main/^pages/<int:pk>/action/<str:action_name>/',
    'cms/bulk/<str:app_label>/<str:model_name>/<str:action>/',
    'cms/collections/<int:collection_id>/privacy/',
    'cms/collections/<int:pk>/',
    'cms/collections/<int:pk>/delete/',
    'cms/documents/chooser/chosen/<str:pk>/',
    'cms/documents/delete/<int:document_id>/',
    'cms/documents/edit/<int:document_id>/',
    'cms/documents/multiple/<int:doc_id>/',
    'cms/documents/multiple/<int:doc_id>/delete/',
    'cms/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/',
    'cms/documents/multiple/delete_upload/<int:uploaded_file_id>/',
    'cms/documents/usage/<int:document_id>/',
    'cms/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/',
    'cms/forms/submissions/<int:page_id>/',
    'cms/forms/submissions/<int:page_id>/delete/',
    'cms/forms/submissions/<int:page_id>/results/',
    'cms/groups/delete/<int:pk>/',
    'cms/groups/edit/<int:pk>/',
    'cms/groups/history-results/<int:pk>/',
    'cms/groups/history/<int:pk>/',
    'cms/groups/usage/<int:pk>/',
    'cms/images/<int:image_id>/',
    'cms/images/<int:image_id>/delete/',
    'cms/images/<int:image_id>/generate_url/',
    'cms/images/<int:image_id>/generate_url/output/',
    'cms/images/<int:image_id>/preview/<str:filter_spec>/',
    'cms/images/chooser/<int:image_id>/select_format/',
    'cms/images/chooser/chosen/<str:pk>/',
    'cms/images/multiple/<int:image_id>/',
    'cms/images/multiple/<int:image_id>/delete/',
    'cms/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/',
    'cms/images/multiple/delete_upload/<int:uploaded_file_id>/',
    'cms/images/usage/<int:image_id>/',
    'cms/locales/delete/<int:pk>/',
    'cms/locales/edit/<int:pk>/',
    'cms/locales/history-results/<int:pk>/',
    'cms/locales/history/<int:pk>/',
    'cms/locales/usage/<int:pk>/',
    'cms/pages/<int:page_id>/convert_alias/',
    'cms/pages/<int:page_id>/copy/',
    'cms/pages/<int:page_id>/delete/',
    'cms/pages/<int:page_id>/edit/',
    'cms/pages/<int:page_id>/edit/preview/',
    'cms/pages/<int:page_id>/history/',
    'cms/pages/<int:page_id>/history/results/',
    'cms/pages/<int:page_id>/lock/',
    'cms/pages/<int:page_id>/privacy/',
    'cms/pages/<int:page_id>/revisions/<int:revision_id>/revert/',
    'cms/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/',
    'cms/pages/<int:page_id>/revisions/<int:revision_id>/view/',
    'cms/pages/<int:page_id>/unlock/',
    'cms/pages/<int:page_id>/unpublish/',
    'cms/pages/<int:page_id>/usage/',
    'cms/pages/<int:page_id>/view_draft/',
    'cms/pages/<int:page_id>/workflow_history/',
    'cms/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/',
    'cms/pages/<int:page_to_move_id>/move/',
    'cms/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/',
    'cms/pages/<int:page_to_move_id>/set_position/',
    'cms/pages/<int:parent_page_id>/add_subpage/',
    'cms/pages/^(?P<pk>\\d+)/revisions/compare/(?P<revision_id_a>live|earliest|\\d+)\\.\\.\\.(?P<revision_id_b>live|latest|\\d+)/$',
    'cms/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/',
    'cms/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/preview/',
    'cms/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/',
    'cms/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/',
    'cms/pages/workflow/preview/<int:page_id>/<int:task_id>/',
    'cms/redirects/<int:redirect_id>/',
    'cms/redirects/<int:redirect_id>/delete/',
    'cms/sites/copy/<int:pk>/',
    'cms/sites/delete/<int:pk>/',
    'cms/sites/edit/<int:pk>/',
    'cms/sites/history-results/<int:pk>/',
    'cms/sites/history/<int:pk>/',
    'cms/sites/usage/<int:pk>/',
    'cms/tag-autocomplete/<slug:app_name>/<slug:model_name>/',
    'cms/translation/submit/page/<int:page_id>/',
    'cms/translation/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/',
    'cms/users/copy/<int:pk>/',
    'cms/users/delete/<int:pk>/',
    'cms/users/edit/<int:pk>/',
    'cms/users/history-results/<int:pk>/',
    'cms/users/history/<int:pk>/',
    'cms/users/usage/<int:pk>/',
    'cms/workflows/disable/<int:pk>/',
    'cms/workflows/edit/<int:pk>/',
    'cms/workflows/enable/<int:pk>/',
    'cms/workflows/remove/<int:page_pk>/',
    'cms/workflows/remove/<int:page_pk>/<int:workflow_pk>/',
    'cms/workflows/task_chooser/<int:task_id>/',
    'cms/workflows/tasks/add/<str:app_label>/<str:model_name>/',
    'cms/workflows/tasks/disable/<int:pk>/',
    'cms/workflows/tasks/edit/<int:pk>/',
    'cms/workflows/tasks/enable/<int:pk>/',
    'cms/workflows/usage/<int:pk>/',
    'cms/workflows/usage/<int:pk>/results/',
    'dashboard/catalogue/^products/create/(?P<product_class_slug>[\\w-]+)/$',
    'dashboard/producer/applications/<int:pk>/',
    'dashboard/producer/applications/<int:pk>/approve/',
    'dashboard/producer/applications/<int:pk>/reject/',
    'dashboard/producer/applications/<int:pk>/scan/',
    'dashboard/catalogue/attribute-option-group/<str:pk>/delete/',
    'dashboard/catalogue/attribute-option-group/<str:pk>/update/',
    'dashboard/catalogue/categories/<int:pk>/',
    'dashboard/catalogue/categories/<int:pk>/delete/',
    'dashboard/catalogue/categories/<int:pk>/update/',
    'dashboard/catalogue/categories/create/<int:parent>/',
    'dashboard/catalogue/option/<str:pk>/delete/',
    'dashboard/catalogue/option/<str:pk>/update/',
    'dashboard/catalogue/product-type/<int:pk>/delete/',
    'dashboard/catalogue/product-type/<int:pk>/update/',
    'dashboard/catalogue/products/<int:parent_pk>/create-variant/',
    'dashboard/catalogue/products/<int:pk>/',
    'dashboard/catalogue/products/<int:pk>/delete/',
    'dashboard/comms/^(?P<slug>[\\w-]+)/$',
    'dashboard/offers/<int:pk>/',
    'dashboard/offers/<int:pk>/condition/',
    'dashboard/offers/<int:pk>/delete/',
    'dashboard/offers/<int:pk>/incentive/',
    'dashboard/offers/<int:pk>/metadata/',
    'dashboard/offers/<int:pk>/restrictions/',
    'dashboard/orders/<str:number>/',
    # Operators' refunds due: staff only (any event id).
    'dashboard/orders/refunds-due/<int:event_id>/refunded/',
    'dashboard/orders/<str:number>/lines/<int:line_id>/',
    'dashboard/orders/<str:number>/notes/<int:note_id>/',
    'dashboard/orders/<str:number>/shipping-address/',
    'dashboard/pages/delete/<str:pk>/',
    'dashboard/producer/listing-changes/<int:pk>/',
    'dashboard/producer/products/<int:pk>/',
    # Producers' own statements: another producer's statement is a 404.
    'dashboard/producer/money/statements/<int:pk>/',
    'dashboard/producer/money/statements/<int:pk>/pdf/',
    # The operators' payout pages: staff only.
    'dashboard/producer/payouts/<int:pk>/',
    'dashboard/producer/payouts/<int:pk>/approve/',
    'dashboard/producer/payouts/<int:pk>/cancel/',
    'dashboard/producer/payouts/<int:pk>/paid/',
    'dashboard/producer/payouts/bank-accounts/<int:pk>/',
    'dashboard/producer/payouts/rates/<int:pk>/',
    # The operators' bank statement reconciliation: staff only.
    'dashboard/reconciliation/statements/<int:pk>/',
    'dashboard/reconciliation/lines/<int:pk>/decide/',
    'dashboard/sales-point/<str:code>/pick-ups/',
    'dashboard/sales-point/<str:code>/pick-ups/<int:pk>/',
    'dashboard/sales-point/<str:code>/stock/',
    'dashboard/sales-point/<str:code>/stock/template.csv',
    # Operators' sales point pages (tokens, editing a point): staff only.
    'dashboard/sales-point/<str:code>/tokens/',
    'dashboard/sales-point/<str:code>/tokens/<int:pk>/revoke/',
    'dashboard/sales-point/points/<str:code>/edit/',
    'dashboard/pages/update/<str:pk>/',
    'dashboard/partners/<int:partner_pk>/users/<int:user_pk>/link/',
    'dashboard/partners/<int:partner_pk>/users/<int:user_pk>/unlink/',
    'dashboard/partners/<int:partner_pk>/users/<int:user_pk>/update/',
    'dashboard/partners/<int:partner_pk>/users/add/',
    'dashboard/partners/<int:partner_pk>/users/select/',
    'dashboard/partners/<int:pk>/',
    'dashboard/partners/<int:pk>/delete/',
    'dashboard/ranges/<int:pk>/',
    'dashboard/ranges/<int:pk>/delete/',
    'dashboard/ranges/<int:pk>/products/',
    'dashboard/ranges/<int:pk>/reorder/',
    'dashboard/reviews/<int:pk>/',
    'dashboard/reviews/<int:pk>/delete/',
    'dashboard/shipping/weight-based/<int:method_pk>/bands/<int:pk>/',
    'dashboard/shipping/weight-based/<int:method_pk>/bands/<int:pk>/delete/',
    'dashboard/shipping/weight-based/<int:pk>/',
    'dashboard/shipping/weight-based/<int:pk>/delete/',
    'dashboard/shipping/weight-based/<int:pk>/edit/',
    'dashboard/shipping/zones/<int:pk>/',
    'dashboard/shipping/zones/<int:pk>/delete/',
    'dashboard/users/^(?P<pk>-?\\d+)/$',
    'dashboard/users/^(?P<pk>-?\\d+)/password-reset/$',
    'dashboard/users/^alerts/(?P<pk>-?\\d+)/delete/$',
    'dashboard/users/^alerts/(?P<pk>-?\\d+)/update/$',
    'dashboard/vouchers/delete/<int:pk>/',
    'dashboard/vouchers/sets/delete/<int:pk>/',
    'dashboard/vouchers/sets/detail/<int:pk>/',
    'dashboard/vouchers/sets/download/<int:pk>/',
    'dashboard/vouchers/sets/update/<int:pk>/',
    'dashboard/vouchers/stats/<int:pk>/',
    'dashboard/vouchers/update/<int:pk>/',
}


def walk(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def routes_with_ids() -> list[str]:
    return sorted({route for route in walk() if route.startswith(PREFIXES) and KWARG.search(route)})


@pytest.fixture
def world():
    site = build_site()
    ensure_moderation(site.home.values())
    a, b = ProducerFactory(name="HTX Mây tre đan Bao La"), ProducerFactory(name="HTX NN Quảng Thọ II")
    access = Permission.objects.get(codename="dashboard_access")
    users = {}
    for name, producer in (("alice", a), ("bob", b)):
        user = User.objects.create_user(name, f"{name}@example.vn", "pw")
        user.user_permissions.add(access)
        producer.partner.users.add(user)
        users[name] = user
    lamp = create_product("Đèn mây tre Bao La", producer=a, group="handicraft")
    tea = create_product("Trà rau má Quảng Thọ", producer=b)
    shared = place_basket(make_basket((tea, 1), (lamp, 1)), guest_email="buyer@example.vn")
    b_only = place_basket(make_basket((tea, 2)), guest_email="buyer@example.vn")
    b_note = OrderNote.objects.create(order=shared, user=users["bob"], message="Giao trước 10 giờ (Quảng Thọ)")
    _section_a, section_b = setup_producer_section(a), setup_producer_section(b)
    story_b = make_story(section_b.pages[0], title="Trà rau má", products=[tea], producer=b)
    make_story(section_b.pages[0], title=DRAFT_B, products=[tea], producer=b, live=False)
    from wagtail.images import get_image_model

    image_b = get_image_model().objects.create(title="Ruộng rau má", file=get_test_image_file(),
                                               collection=section_b.collection)

    application_b = submit_application(
        tea, users["bob"], decision_number="77/QĐ-UBND", signed_on=datetime.date.today() - datetime.timedelta(days=5),
        issuing_body="UBND tỉnh Thừa Thiên Huế", issuing_level="province", criteria_version="148", star=5,
        scan=png_scan(),
    )
    change_b = request_listing_change(tea, "Trà rau má túi lọc", "", "beverage", user=users["bob"],
                                      current_group="beverage")
    invitation_b = invitation_path(users["bob"]).rstrip("/").split("/")[-2:]
    # A sales point stocking B's tea, with a pick-up: no producer reaches its pages.
    point = create_sales_point("HUE-DAINOI", stock={tea: 3})
    pick_up = PickUp.objects.create(order=place_basket(make_basket((tea, 1)), guest_email="buyer@example.vn"),
                                    sales_point=point)
    # B's payout statement, bank account waiting for confirmation and commission rate.
    statement_b = PayoutStatement.objects.create(number="PO-20261130-B", producer=b,
                                                 period_until=datetime.date.today(), total=500_000)
    account_b = request_account(b, users["bob"], "970436", "0071000123456", "HTX QUANG THO II")
    rate_b = CommissionRate.objects.create(producer=b, percent=5, valid_from=timezone.now())
    return {
        "statement_b": statement_b, "account_b": account_b, "rate_b": rate_b,
        "application_b": application_b, "change_b": change_b, "invitation_b": invitation_b,
        "alice": users["alice"], "bob": users["bob"], "a": a, "b": b, "lamp": lamp, "tea": tea,
        "shared": shared, "b_only": b_only, "b_note": b_note, "b_line": shared.lines.get(product=tea),
        "story_b": story_b, "section_b": section_b.pages[0], "image_b": image_b,
        "collection_b": section_b.collection, "revision_b": story_b.latest_revision,
        "point": point, "pick_up": pick_up,
    }


def b_ids(route: str, w: dict) -> dict:
    """Producer B's objects for the pattern's ids (B's page, image, order, ...)."""
    kwargs = {}
    for match in KWARG.finditer(route):
        name = match["name"] or match["rname"]
        if route.startswith("dashboard/orders/refunds-due/"):
            value = 1
        elif route.startswith("dashboard/orders/"):
            value = {"number": w["shared"].number if ("note" in route or "line" in route) else w["b_only"].number,
                     "note_id": w["b_note"].pk, "line_id": w["b_line"].pk}.get(name)
        elif route.startswith("dashboard/producer/applications/"):
            value = w["application_b"].pk
        elif route.startswith(("dashboard/producer/money/", "dashboard/producer/payouts/")):
            value = (w["account_b"].pk if "bank-accounts" in route else w["rate_b"].pk if "rates" in route
                     else w["statement_b"].pk)
        elif route.startswith("dashboard/producer/"):
            value = {"pk": w["change_b"].pk if "listing-changes" in route else w["tea"].pk,
                     "uidb64": w["invitation_b"][0], "token": w["invitation_b"][1]}[name]
        elif route.startswith("dashboard/sales-point/"):
            value = {"code": w["point"].code, "pk": w["pick_up"].pk}[name]
        elif route.startswith("dashboard/catalogue/products/"):
            value = w["tea"].pk
        elif route.startswith("dashboard/partners/"):
            value = w["bob"].pk if name == "user_pk" else w["b"].partner.pk
        elif route.startswith("dashboard/users/"):
            value = w["bob"].pk
        elif "images" in route:
            value = {"filter_spec": "original"}.get(name, w["image_b"].pk)
        elif "collections" in route:
            value = w["collection_b"].pk
        elif "product-chooser" in route:
            value = w["tea"].pk
        elif route.startswith("dashboard/catalogue/certificates/"):
            value = w["tea"].certificates.first().code
        elif route.startswith("cms/"):
            value = {
                "revision_id": w["revision_b"].pk, "revision_id_a": "earliest", "revision_id_b": "latest",
                "content_type_app_name": "cms", "content_type_model_name": "storypage",
                "app_label": "cms", "model_name": "storypage", "action_name": "approve",
                "destination_id": w["section_b"].pk, "parent_page_id": w["section_b"].pk,
            }.get(name, w["story_b"].pk)
        else:
            value = 1
        kwargs[name] = value
    return kwargs


def fill(route: str, kwargs: dict) -> str:
    def value(match):
        return str(kwargs[match["name"] or match["rname"]])

    path = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", lambda m: str(kwargs[m[1]]), route)
    path = KWARG.sub(value, path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\.", ".")


def refused(response) -> bool:
    if response.status_code in (400, 401, 403, 404, 405):
        return True
    return response.status_code == 302 and urlsplit(response["Location"]).path in REFUSAL_PAGES


def request(client, url):
    """GET, or POST with no data where the view only takes POST; Oscar's product
    pages send producers to their own listing pages, which are followed."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    if response.status_code == 302 and re.fullmatch(r"/dashboard/producer/products/\d+/", response["Location"]):
        response = client.get(response["Location"])
    return response


def test_every_pattern_with_ids_is_classified():
    """A new view with ids fails here until it is listed with what producers may do there."""
    routes = set(routes_with_ids())
    assert routes - (set(ALLOWED) | DENIED) == set(), "classify these new URL patterns"
    assert (set(ALLOWED) | DENIED) - routes == set(), "these patterns no longer exist"
    assert not set(ALLOWED) & DENIED


def test_another_producers_ids_are_refused_everywhere(client, world):
    client.force_login(world["alice"])
    served = []
    for route in sorted(DENIED):
        url = fill(route, b_ids(route, world))
        response = request(client, url)
        if not refused(response):
            served.append(f"{url} → {response.status_code} {response.get('Location', '')}")
    assert served == []
    world["b_note"].refresh_from_db()
    assert world["b_note"].message == "Giao trước 10 giờ (Quảng Thọ)"
    assert world["story_b"].__class__.objects.filter(pk=world["story_b"].pk, live=True).exists()


def test_allowed_patterns_show_no_unpublished_work_of_another_producer(client, world):
    client.force_login(world["alice"])
    for route in sorted(ALLOWED):
        url = fill(route, b_ids(route, world))
        response = request(client, url)
        assert response.status_code in (200, 302), url
        assert DRAFT_B not in response.content.decode(), url


def malformed(route: str) -> str:
    """The pattern with every id a value its converter accepts but names nothing."""
    def value(match):
        converter = match["conv"] or "str"
        return "999999" if converter == "int" else "abc-1"

    path = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", "999999", route)
    return "/" + KWARG.sub(value, path).replace("^", "").replace("$", "").replace("\\.", ".")


@pytest.mark.parametrize("who", ["alice", "operator"])
def test_no_url_answers_500_to_ids_that_name_nothing(client, world, who):
    user = world["alice"] if who == "alice" else User.objects.create_superuser("op", "op@cho-ocop.vn", "pw")
    client.force_login(user)
    client.raise_request_exception = False
    errors = []
    for route in routes_with_ids():
        url = malformed(route)
        response = request(client, url)
        if response.status_code >= 500:
            errors.append(f"{url} → {response.status_code}")
    assert errors == []


# The leaks found by hand


def test_a_producer_sees_only_their_own_applications_and_sales(client, world):
    client.force_login(world["alice"])
    assert "Trà rau má" not in client.get("/dashboard/producer/applications/?status=all").content.decode()
    # Another producer's id in the query is ignored: the report is always the user's own.
    report = client.get(f"/dashboard/producer/sales/?producer={world['b'].pk}").content.decode()
    assert "Trà rau má" not in report and "Đèn mây tre Bao La" in report
    csv = client.get(f"/dashboard/producer/sales/?producer={world['b'].pk}&format=csv").content.decode()
    assert "Trà rau má" not in csv
    world["application_b"].refresh_from_db()
    assert world["application_b"].is_pending


def test_a_producer_reads_only_their_own_producers_notes(client, world):
    OrderNote.objects.create(order=world["shared"], user=world["alice"], message="Gói kỹ đèn (Bao La)")
    client.force_login(world["alice"])
    page = client.get(f"/dashboard/orders/{world['shared'].number}/").content.decode()
    assert "Gói kỹ đèn (Bao La)" in page
    assert "Quảng Thọ" not in page
    edit_b = f"/dashboard/orders/{world['shared'].number}/notes/{world['b_note'].pk}/"
    assert client.get(edit_b).status_code == 404
    client.post(edit_b, {"order_action": "save_note", "message": "ghi đè"})
    world["b_note"].refresh_from_db()
    assert world["b_note"].message == "Giao trước 10 giờ (Quảng Thọ)"
    client.force_login(world["bob"])
    assert "Giao trước 10 giờ" in client.get(f"/dashboard/orders/{world['shared'].number}/").content.decode()


def test_product_lookup_lists_only_the_producers_own_products(client, world):
    client.force_login(world["alice"])
    found = client.get("/dashboard/catalogue/product-lookup/?q=").json()["results"]
    assert [item["id"] for item in found] == [world["lamp"].pk]


def test_the_product_chooser_answers_only_for_sellable_products(client, world):
    from catalogue.models import Certificate

    client.force_login(world["alice"])
    assert client.get(f"/cms/product-chooser/chosen/{world['tea'].pk}/").status_code == 200
    Certificate.objects.filter(product=world["tea"]).update(status=Certificate.STATUS_REVOKED, revocation_reason="x")
    assert client.get(f"/cms/product-chooser/chosen/{world['tea'].pk}/").status_code == 404
    expired = create_product("Chuối A Lưới", producer=world["a"], valid_until=datetime.date(2020, 1, 1))
    assert client.get(f"/cms/product-chooser/chosen/{expired.pk}/").status_code == 404
    assert client.get("/cms/product-chooser/chosen/abc/").status_code == 404
    multiple = client.get(f"/cms/product-chooser/chosen-multiple/?id={expired.pk}&id={world['lamp'].pk}&id=abc")
    assert multiple.status_code == 200
    assert "Chuối A Lưới" not in multiple.content.decode()


@pytest.mark.parametrize("form", [
    {"selected_line": "abc"},
    {"selected_line": "{line}", "selected_line_qty_{line}": "1.5"},
    {"selected_line": "{line}"},
])
def test_malformed_line_actions_get_a_message_not_a_500(client, world, form):
    line = world["shared"].lines.get(product=world["lamp"])
    data = {key.format(line=line.pk): value.format(line=line.pk) for key, value in form.items()}
    client.force_login(world["alice"])
    url = f"/dashboard/orders/{world['shared'].number}/"
    response = client.post(url, {"line_action": "change_line_statuses", "new_status": "Packed", **data}, follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])[0].level_tag == "error"
    line.refresh_from_db()
    assert line.status == "Confirmed"


def test_operators_malformed_note_id_is_a_message(client, world):
    client.force_login(User.objects.create_superuser("op", "op@cho-ocop.vn", "pw"))
    url = f"/dashboard/orders/{world['shared'].number}/"
    response = client.post(url, {"order_action": "delete_note", "note_id": "abc"}, follow=True)
    assert response.status_code == 200
    assert OrderNote.objects.filter(pk=world["b_note"].pk).exists()


def test_a_producers_own_pages_show_none_of_another_producers_data(client, world):
    """The producer's home, new-product and team pages (no ids in their URLs)."""
    client.force_login(world["alice"])
    for path in ("", "products/new/", "team/"):
        page = client.get(f"/dashboard/producer/{path}")
        assert page.status_code == 200, path
        content = page.content.decode()
        assert "Quảng Thọ" not in content and "bob@example.vn" not in content, path
    client.post(f"/dashboard/producer/products/{world['tea'].pk}/", {"product-title": "x"})
    world["tea"].refresh_from_db()
    assert world["tea"].title == "Trà rau má Quảng Thọ"


def test_the_cms_product_chooser_lists_only_the_producers_own_products(client, world):
    def text(response):
        if response["Content-Type"].startswith("application/json"):
            return response.json()["html"]
        return response.content.decode()

    client.force_login(world["alice"])
    listing = text(client.get("/cms/product-chooser/"))
    assert "Đèn mây tre Bao La" in listing
    assert "Trà rau má Quảng Thọ" not in listing
    assert "Trà rau má Quảng Thọ" not in text(client.get("/cms/product-chooser/results/?q=Tr%C3%A0"))
    assert "Đèn mây tre Bao La" in text(client.get("/cms/product-chooser/results/?q=%C4%90%C3%A8n"))


def test_oscars_product_pages_send_producers_to_their_own(client, world):
    """Oscar's product form (UPC, product types, search engine fields) is the
    operators'; producers edit on their own pages, in their words."""
    client.force_login(world["alice"])
    lamp = world["lamp"]
    assert client.get(f"/dashboard/catalogue/products/{lamp.pk}/")["Location"] == (
        f"/dashboard/producer/products/{lamp.pk}/")
    assert client.get("/dashboard/catalogue/")["Location"] == "/dashboard/producer/#products"
    assert client.get("/dashboard/catalogue/products/create/")["Location"] == "/dashboard/producer/products/new/"
    assert client.post(f"/dashboard/catalogue/products/{lamp.pk}/delete/").status_code == 403
    menu = client.get("/dashboard/producer/").content.decode()
    assert 'href="/dashboard/catalogue/"' not in menu
    assert "/dashboard/catalogue/certificates/" in menu
    operator = User.objects.create_superuser("op", "op@cho-ocop.vn", "pw")
    client.force_login(operator)
    assert client.get(f"/dashboard/catalogue/products/{lamp.pk}/").status_code == 200
