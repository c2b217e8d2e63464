"""Who may write: producers draft and submit stories in their own section only;
province editors approve or reject with a comment before anything is published."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.models import StoryPage
from cms.sections import PROVINCE_EDITORS_GROUP, ensure_moderation, setup_producer_section
from tests.factories import ProducerFactory, create_product
from tests.pages import build_site, make_story

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def world():
    site = build_site()
    ensure_moderation(site.home.values())
    bao_la = ProducerFactory(name="HTX Mây tre đan Bao La")
    quang_tho = ProducerFactory(name="HTX NN Quảng Thọ II")
    alice = User.objects.create_user("alice", "alice@baola.vn", "pw-alice")
    bob = User.objects.create_user("bob", "bob@quangtho.vn", "pw-bob")
    bao_la.partner.users.add(alice)
    quang_tho.partner.users.add(bob)
    editor = User.objects.create_user("hoa", "hoa@hue.gov.vn", "pw-editor")
    editor.groups.add(Group.objects.get(name=PROVINCE_EDITORS_GROUP))
    lamp = create_product("Đèn mây tre Bao La", producer=bao_la, group="handicraft")
    tea = create_product("Trà rau má Quảng Thọ", producer=quang_tho)
    section_a = setup_producer_section(bao_la)
    section_b = setup_producer_section(quang_tho)
    story_b = make_story(section_b.pages[0], title="Trà rau má", products=[tea], producer=quang_tho)
    return {
        "site": site, "alice": alice, "bob": bob, "editor": editor, "lamp": lamp,
        "section_a": section_a.pages[0], "section_b": section_b.pages[0], "story_b": story_b,
        "en_section_a": section_a.pages[1],
    }


def assert_refused(response) -> None:
    """Wagtail's answer to a signed-in user without the permission: a redirect to the
    admin's home page (the callers check that nothing changed)."""
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


def story_form(title: str, product, slug: str) -> dict:
    return nested_form_data({
        "title": title,
        "slug": slug,
        "intro": "Nghề đan mây tre ở Bao La.",
        "body": streamfield([
            ("paragraph", rich_text("<p>Mây và tre được chẻ, vót và đan.</p>")),
            ("product", {"product": product.pk, "note": ""}),
        ]),
        "tags": "mây tre",
        "comments": inline_formset([]),
    })


def test_section_permissions(world):
    alice = world["alice"]
    own = world["section_a"].permissions_for_user(alice)
    assert own.can_add_subpage() and own.can_edit()
    assert not own.can_publish() and not own.can_publish_subpage()
    # Also in English, their own translation of the section.
    assert world["en_section_a"].permissions_for_user(alice).can_add_subpage()

    other = world["story_b"].permissions_for_user(alice)
    assert not other.can_edit() and not other.can_publish() and not other.can_delete()
    assert not world["section_b"].permissions_for_user(alice).can_add_subpage()
    assert not world["site"].stories["vi"].permissions_for_user(alice).can_add_subpage()
    assert not world["site"].home["vi"].permissions_for_user(alice).can_edit()


def test_producer_cannot_edit_another_producers_story(client, world):
    story_b = world["story_b"]
    client.force_login(world["alice"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[story_b.pk])
    assert_refused(client.get(edit_url))
    data = story_form("Trà của tôi", world["lamp"], story_b.slug)
    data["action-publish"] = "action-publish"
    assert_refused(client.post(edit_url, data))
    story_b.refresh_from_db()
    assert story_b.title == "Trà rau má" and story_b.live and not story_b.has_unpublished_changes
    assert story_b.latest_revision.content["title"] == "Trà rau má"


def test_producer_submits_and_editor_rejects_with_a_comment(client, world):
    section = world["section_a"]
    client.force_login(world["alice"])
    add_url = reverse("wagtailadmin_pages:add", args=["cms", "storypage", section.pk])
    assert client.get(add_url).status_code == 200
    # Asking to publish directly does not publish: the page stays a draft.
    data = story_form("Đèn mây tre Bao La", world["lamp"], "den-may-tre")
    data["action-publish"] = "action-publish"
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    story = StoryPage.objects.get(slug="den-may-tre")
    assert not story.live and story.get_parent().pk == section.pk

    # Submitting starts the province editors' review.
    edit_url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    data = story_form("Đèn mây tre Bao La", world["lamp"], "den-may-tre")
    data["action-submit"] = "action-submit"
    assert client.post(edit_url, data).status_code == 302
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state

    # The producer cannot approve their own story.
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]
    )
    assert_refused(client.post(approve_url, {"comment": ""}))
    story.refresh_from_db()
    task_state.refresh_from_db()
    assert not story.live and task_state.status == TaskState.STATUS_IN_PROGRESS

    # The province editor asks for changes, with a comment.
    client.force_login(world["editor"])
    reject_url = reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "reject", task_state.pk])
    assert client.post(reject_url, {"comment": "Thêm ảnh xưởng đan, ghi rõ số sao OCOP."}).status_code == 302
    task_state.refresh_from_db()
    state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.get_comment() == "Thêm ảnh xưởng đan, ghi rõ số sao OCOP."
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    story.refresh_from_db()
    assert not story.live
    assert not StoryPage.objects.live().filter(pk=story.pk).exists()


def test_editor_approval_publishes_the_story(client, world):
    section = world["section_a"]
    client.force_login(world["alice"])
    add_url = reverse("wagtailadmin_pages:add", args=["cms", "storypage", section.pk])
    data = story_form("Đèn mây tre Bao La", world["lamp"], "den-may-tre")
    data["action-submit"] = "action-submit"
    assert client.post(add_url, data).status_code == 302
    story = StoryPage.objects.get(slug="den-may-tre")
    assert not story.live
    task_state = WorkflowState.objects.get(object_id=str(story.pk)).current_task_state

    client.force_login(world["editor"])
    # The story waits on the province editor's dashboard.
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200 and "Đèn mây tre Bao La" in dashboard.content.decode()
    approve_url = reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk])
    assert client.post(approve_url, {"comment": "Đã kiểm tra."}).status_code == 302
    story.refresh_from_db()
    assert story.live
    # Published, it now links its product and shows on the product page.
    assert list(story.product_links.values_list("product_id", flat=True)) == [world["lamp"].pk]
    html = client.get(world["lamp"].get_absolute_url()).content.decode()
    assert "Đèn mây tre Bao La" in html and story.url in html


def test_producer_edit_of_a_live_story_waits_for_approval(client, world):
    story = make_story(world["section_a"], title="Đèn mây tre", products=[world["lamp"]])
    client.force_login(world["alice"])
    data = story_form("Đèn mây tre — bản sửa", world["lamp"], story.slug)
    data["action-publish"] = "action-publish"
    assert client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data).status_code == 302
    story.refresh_from_db()
    assert story.title == "Đèn mây tre"
    assert story.has_unpublished_changes
    html = client.get(story.url).content.decode()
    assert "<h1>Đèn mây tre</h1>" in html and "<h1>Đèn mây tre — bản sửa</h1>" not in html


def test_setting_up_a_section_is_idempotent(world):
    from cms.models import ProducerPage

    producer = world["section_a"].producer
    again = setup_producer_section(producer)
    assert [p.pk for p in again.pages] == [world["section_a"].pk, world["en_section_a"].pk]
    assert ProducerPage.objects.filter(producer=producer).count() == 2
    assert list(world["alice"].groups.values_list("name", flat=True)) == [again.group.name]


def test_story_in_a_section_is_about_that_producer(client, world):
    section = world["section_a"]
    other_producer = world["section_b"].producer
    client.force_login(world["alice"])
    add_url = reverse("wagtailadmin_pages:add", args=["cms", "storypage", section.pk])

    data = story_form("Trà của người khác", world["lamp"], "tra-nguoi-khac")
    data["producer"] = str(other_producer.pk)
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert "producer" in response.context["form"].errors
    assert not StoryPage.objects.filter(slug="tra-nguoi-khac").exists()

    # Left blank, the producer and region come from the section.
    assert client.post(add_url, story_form("Đèn mây tre", world["lamp"], "den-may-tre")).status_code == 302
    story = StoryPage.objects.get(slug="den-may-tre")
    assert story.producer == section.producer and story.province == section.producer.province

    # The producer's own profile form does not let them reassign the page.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[section.pk]))
    assert edit.status_code == 200 and "producer" not in edit.context["form"].fields


def test_setup_producer_section_command(world):
    import io

    from django.core.management import CommandError, call_command

    producer = ProducerFactory(name="HTX Thổ cẩm xã Nhâm")
    weaver = User.objects.create_user("nham", "nham@aluoi.vn", "pw")
    out = io.StringIO()
    call_command("setup_producer_section", producer.tax_code, "--user", "nham@aluoi.vn", stdout=out)
    assert "HTX Thổ cẩm xã Nhâm" in out.getvalue()
    page = producer.cms_pages.get(locale__language_code="vi")
    assert page.permissions_for_user(weaver).can_add_subpage()
    assert not page.permissions_for_user(weaver).can_publish()
    with pytest.raises(CommandError, match="No producer with tax code"):
        call_command("setup_producer_section", "0000000000")


def test_producer_translates_their_story_into_english_as_a_draft(client, world):
    from wagtail.models import Locale

    english = Locale.objects.get(language_code="en")
    story = make_story(world["section_a"], title="Đèn mây tre", products=[world["lamp"]])
    client.force_login(world["alice"])
    url = reverse("simple_translation:submit_page_translation", args=[story.pk])
    assert client.post(url, {"locales": [english.pk]}).status_code == 302
    translated = story.get_translation(english)
    assert translated.get_parent().pk == world["en_section_a"].pk
    assert not translated.live  # the English version is reviewed like any change
    perms = translated.permissions_for_user(world["alice"])
    assert perms.can_edit() and not perms.can_publish()

    # Not someone else's story.
    other = reverse("simple_translation:submit_page_translation", args=[world["story_b"].pk])
    assert_refused(client.post(other, {"locales": [english.pk]}))
    assert world["story_b"].get_translation_or_none(english) is None


def test_the_review_workflow_is_named_in_the_installs_language(client, world, settings):
    """Wagtail shows the workflow's name as stored ("Submit to Story review"): a
    Vietnamese install stores Vietnamese names, and renames older English ones."""
    from wagtail.models import Task, Workflow

    ours = {"Duyệt câu chuyện", "Biên tập viên tỉnh duyệt", "Story review", "Province editor approval"}
    assert set(Workflow.objects.filter(name__in=ours).values_list("name", flat=True)) == {"Duyệt câu chuyện"}
    assert set(Task.objects.filter(name__in=ours).values_list("name", flat=True)) == {"Biên tập viên tỉnh duyệt"}
    client.force_login(world["alice"])
    page = client.get(reverse("wagtailadmin_pages:edit", args=[world["section_a"].pk])).content.decode()
    assert "Gửi duyệt (Duyệt câu chuyện)" in page and "Story review" not in page
    settings.LANGUAGE_CODE = "en"
    ensure_moderation(world["site"].home.values())
    assert set(Workflow.objects.filter(name__in=ours).values_list("name", flat=True)) == {"Story review"}
    settings.LANGUAGE_CODE = "vi"
    ensure_moderation(world["site"].home.values())
    assert set(Task.objects.filter(name__in=ours).values_list("name", flat=True)) == {"Biên tập viên tỉnh duyệt"}
