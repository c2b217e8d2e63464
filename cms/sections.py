"""Who may write what in the CMS.

Shop and CMS share user accounts. Each producer gets a *section*: its
``ProducerPage`` (one per language) under which its stories live, a Wagtail group
whose members (the producer's partner users) may add and edit pages only there,
and an image collection of its own. Nobody in a producer group may publish: every
change goes through the "Story review" workflow, where the *Province editors*
group approves, or rejects with a comment. Wagtail shows a workflow's and a
task's names as they are stored ("Submit to Story review"), untranslated, so
they are stored in the install's language (``LANGUAGE_CODE``).

These are plain service functions: the demo loader calls them, and operators can
call them from a shell when a new producer joins (``setup_producer_section``).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.models import HomePage, ProducerIndexPage, ProducerPage
from marketplace.text import strip_accents

PROVINCE_EDITORS_GROUP = "Province editors"
#: The review workflow's and its approval task's names, by the install's language
#: (Wagtail does not translate them). Migration ``cms.0003`` renames older installs.
WORKFLOW_NAMES = {"vi": "Duyệt câu chuyện", "en": "Story review"}
APPROVAL_TASK_NAMES = {"vi": "Biên tập viên tỉnh duyệt", "en": "Province editor approval"}

#: Producers draft and edit, never publish.
PRODUCER_PAGE_PERMISSIONS = ("add_page", "change_page")
#: Province editors may also publish directly (their approval publishes too).
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")


class CMSStructureMissing(Exception):
    """The home page / producer index must exist before sections are set up."""


@dataclass
class ProducerSection:
    producer: object
    group: Group
    collection: Collection
    #: The producer's page in every content language, default language first.
    pages: list = field(default_factory=list)


def slug_for(text: str) -> str:
    """ASCII slug for Vietnamese text ("Đèn mây tre" → "den-may-tre")."""
    return slugify(strip_accents(text))[:200] or "trang"


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _admin_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def _image_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailimages", codename=codename)


def get_root_collection() -> Collection:
    """Wagtail's root collection (its migration makes one; a flushed database has none)."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def get_root_page() -> Page:
    """Wagtail's tree root (its migration makes one; a flushed database has none)."""
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=content_locales()[0]))
    return root


def content_locales() -> list[Locale]:
    """The Locale of every content language, default language first."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    locales = {loc.language_code: loc for loc in Locale.objects.filter(language_code__in=codes)}
    missing = [code for code in codes if code not in locales]
    for code in missing:
        locales[code] = Locale.objects.create(language_code=code)
    default = settings.LANGUAGE_CODE
    return sorted(locales.values(), key=lambda loc: (loc.language_code != default, loc.language_code))


def publish(page: Page, user=None) -> Page:
    """Save ``page``'s current state as a revision and publish it."""
    page.save_revision(user=user, log_action=False).publish(user=user, log_action=False)
    page.refresh_from_db()
    return page


def translation_of(page: Page, locale: Locale, **fields) -> Page:
    """``page`` in ``locale``: the existing translation updated with ``fields``, or a
    new one copied with ``wagtail.contrib.simple_translation``'s action, then published."""
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale, copy_parents=True).specific
    else:
        translated = translated.specific
    for name, value in fields.items():
        setattr(translated, name, value)
    return publish(translated)


def _ensure_named(model, names: dict[str, str]):
    """The object of ``model`` known by any of ``names``, created or renamed to
    the name in the install's language (English when it has none)."""
    name = names.get(settings.LANGUAGE_CODE.split("-")[0], names["en"])
    instance = model.objects.filter(name__in=names.values()).first()
    if instance is None:
        return model.objects.create(name=name)
    if instance.name != name:
        instance.name = name
        instance.save(update_fields=["name"])
    return instance


@transaction.atomic
def ensure_moderation(home_pages=None) -> Workflow:
    """The *Province editors* group and the *Story review* workflow (one group
    approval task), assigned to every home page so that everything below it,
    in every language, is moderated. Idempotent."""
    editors, _created = Group.objects.get_or_create(name=PROVINCE_EDITORS_GROUP)
    editors.permissions.add(_admin_permission())
    home_pages = list(home_pages if home_pages is not None else HomePage.objects.all())
    for home in home_pages:
        for codename in EDITOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors, page=home, permission=_page_permission(codename)
            )
    root_collection = get_root_collection()
    for codename in IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=editors, collection=root_collection, permission=_image_permission(codename)
        )

    task = _ensure_named(GroupApprovalTask, APPROVAL_TASK_NAMES)
    task.groups.add(editors)
    workflow = _ensure_named(Workflow, WORKFLOW_NAMES)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for home in home_pages:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def setup_producer_section(producer, *, intro: str = "", intro_en: str = "", users=()) -> ProducerSection:
    """Create or update ``producer``'s CMS section and give its accounts access.

    The producer's partner users (``producer.partner.users``) and any extra
    ``users`` join the producer's group, which may add and edit pages under the
    producer's page in every language, upload images to its own collection, and
    submit for review, but not publish. Idempotent; raises ``CMSStructureMissing``
    when the site has no producer index page yet.
    """
    locales = content_locales()
    default_locale = locales[0]
    index = ProducerIndexPage.objects.filter(locale=default_locale).first()
    if index is None:
        raise CMSStructureMissing(
            "Create the home page and its producer index page first, in the CMS (/cms/)."
        )

    page = ProducerPage.objects.filter(producer=producer, locale=default_locale).first()
    if page is None:
        page = ProducerPage(
            title=producer.name,
            slug=slug_for(producer.name),
            producer=producer,
            intro=intro or producer.description,
        )
        index.add_child(instance=page)
        publish(page)
    pages = [page]
    for locale in locales[1:]:
        existing = page.get_translation_or_none(locale)
        if existing is None:
            pages.append(
                translation_of(page, locale, intro=intro_en or producer.description_en or page.intro)
            )
        else:
            pages.append(existing.specific)

    group, _created = Group.objects.get_or_create(name=f"Producer {producer.tax_code}"[:150])
    group.permissions.add(_admin_permission())
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="simple_translation", codename="submit_translation"
        )
    )
    for section_page in pages:
        for codename in PRODUCER_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page=section_page, permission=_page_permission(codename)
            )

    root_collection = get_root_collection()
    collection = root_collection.get_children().filter(name=producer.name).first()
    if collection is None:
        collection = root_collection.add_child(name=producer.name)
    for codename in IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_image_permission(codename)
        )

    for user in [*producer.partner.users.all(), *users]:
        user.groups.add(group)
    return ProducerSection(producer=producer, group=group, collection=collection, pages=pages)


def producer_group(producer) -> Group | None:
    return Group.objects.filter(name=f"Producer {producer.tax_code}"[:150]).first()
