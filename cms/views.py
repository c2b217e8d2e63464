from django.shortcuts import redirect
from wagtail.models import Site
from wagtail.views import serve

from cms.models import HomePage


def home(request):
    """The site's front page: the Wagtail home page of the request's site (in the
    active language, through Wagtail's own routing).

    Until the CMS has a home page (a fresh install before ``load_demo``, or a test
    database without pages) the catalogue is the front page, as it was before the
    CMS existed, rather than Wagtail's placeholder welcome page.
    """
    site = Site.find_for_request(request)
    if site is None or not issubclass(site.root_page.specific_class or object, HomePage):
        return redirect("catalogue:index")
    return serve(request, "")
