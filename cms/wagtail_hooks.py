"""Wagtail admin registration for the CMS app."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from cms.choosers import product_chooser_viewset


@hooks.register("register_admin_viewset")
def register_product_chooser():
    return product_chooser_viewset


# Producers share one CMS: each edits only their own section, and must not see the
# others' unpublished work through Wagtail's listings, choosers or admin API.


def _hide_others_drafts(pages, request):
    """Pages a user may list: published ones, and drafts they can edit."""
    user = request.user
    if user.is_superuser:
        return pages
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return pages.filter(Q(live=True) | Q(pk__in=editable.values("pk")))


@hooks.register("construct_explorer_page_queryset")
def explorer_hides_others_drafts(parent_page, pages, request):
    return _hide_others_drafts(pages, request)


@hooks.register("construct_page_chooser_queryset")
def chooser_hides_others_drafts(pages, request):
    return _hide_others_drafts(pages, request)


@hooks.register("before_move_page")
def move_needs_permission(request, page, destination):
    """Wagtail checks the move only when it is posted; its confirmation page
    named any page and destination to anyone."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


class CollectionScopedImagesAPIViewSet(ImagesAdminAPIViewSet):
    """The admin API's images, limited to the collections the user may choose
    from (Wagtail's lists every image to every CMS user)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.user.is_superuser:
            return queryset
        collections = policy_registry.get_by_type(get_image_model()).collections_user_has_any_permission_for(
            self.request.user, ["choose", "change"]
        )
        return queryset.filter(collection__in=collections)


@hooks.register("construct_admin_api", order=100)  # after wagtail.images registers its own
def scope_images_api(router):
    router.register_endpoint("images", CollectionScopedImagesAPIViewSet)
