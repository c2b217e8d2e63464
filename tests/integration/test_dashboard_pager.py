"""Oscar's dashboard pager (its product and stock lists, django-tables2 tables) in
the page's language: it read "Page 1 of 3" on Vietnamese pages."""

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation


@pytest.mark.parametrize("language, expected, unexpected", [
    ("vi", "Trang 1 / 3", "Page 1 of 3"),
    ("en", "Page 1 of 3", "Trang"),
])
def test_dashboard_pager_speaks_the_pages_language(language, expected, unexpected):
    paginator = Paginator(list(range(30)), 10)
    request = RequestFactory().get("/dashboard/catalogue/products/", {"upc": "x"})
    with translation.override(language):
        html = render_to_string("oscar/dashboard/partials/pagination.html",
                                {"paginator": paginator, "page_obj": paginator.page(1), "request": request})
    assert expected in html and unexpected not in html
    assert 'href="?upc=x&amp;page=2"' in html  # the list's filters kept on the next page
