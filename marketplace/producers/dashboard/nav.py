"""Dashboard menu entries only a producer's user sees (Oscar's ``access_fn``)."""

from oscar.apps.dashboard.nav import default_access_fn


def producer_only(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """The entry's own permission, and the user works for a producer (operators
    have every permission but no producer home)."""
    return default_access_fn(user, url_name, url_args, url_kwargs) and _works_for_producer(user)


def _works_for_producer(user) -> bool:
    """Asked once per request for the whole menu."""
    from marketplace.producers.models import Producer

    if not hasattr(user, "_producer_nav"):
        user._producer_nav = Producer.objects.for_user(user).exists()
    return user._producer_nav


def reviewer_only(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """The entry's own permission, for operators and OCOP officers (a producer's user
    reaches the same page from their own menu)."""
    if not default_access_fn(user, url_name, url_args, url_kwargs):
        return False
    return user.is_staff or user.has_perm("catalogue.review_certificateapplication")


def not_for_producers(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """The entry's own permission, and the user does not work for a producer (their
    own menu has the same page in their words: Oscar's product pages)."""
    if not default_access_fn(user, url_name, url_args, url_kwargs):
        return False
    return user.is_staff or not _works_for_producer(user)
