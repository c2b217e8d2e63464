"""Dashboard menu entries only a sales point's staff see (Oscar's ``access_fn``)."""

from oscar.apps.dashboard.nav import default_access_fn


def sales_point_staff_only(user, url_name, url_args=None, url_kwargs=None) -> bool:
    """The entry's own permission, and the user is staff of a sales point."""
    from marketplace.sales_points.models import SalesPoint

    if not default_access_fn(user, url_name, url_args, url_kwargs):
        return False
    if not hasattr(user, "_sales_point_nav"):
        user._sales_point_nav = SalesPoint.objects.filter(staff=user).exists()
    return user._sales_point_nav
