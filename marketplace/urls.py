from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from catalogue.search.views import SearchView
from cms import views as cms_views
from marketplace.health import healthz
from marketplace.views import set_currency

urlpatterns = [
    # Outside i18n_patterns: one address for probes, in no language.
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/search/", include("catalogue.search.api")),
    path("api/v1/sales-points/", include("marketplace.sales_points.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from drf-spectacular-sidecar (served by us, no CDN); the split view
    # serves its start-up script as a file, as the Content-Security-Policy wants.
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Vietnamese pages at /..., English at /en/...
urlpatterns += i18n_patterns(
    # set_language inside the patterns: posted from /en/... it runs in English and
    # can translate the page's URL back to its Vietnamese (unprefixed) form.
    path("i18n/", include("django.conf.urls.i18n")),
    path("currency/", set_currency, name="set-currency"),
    # The Wagtail home page is the site's front page; it takes Oscar's "home" name
    # (Oscar's own "" route only redirected to the catalogue).
    path("", cms_views.home, name="home"),
    # Our search page replaces Oscar's haystack one at the same path, so the
    # header search form ({% url "search:search" %}) lands on it.
    path("search/", SearchView.as_view(), name="product-search"),
    # Registration that does not disclose existing accounts, on Oscar's own paths.
    path("", include("marketplace.accounts.urls")),
    # Anyone checks an OCOP certificate here (QR codes on packets lead to it).
    path("verify/", include("catalogue.verification.urls")),
    # The producer's side of the dashboard, before Oscar's dashboard URLs.
    path("dashboard/producer/", apps.get_app_config("producer_dashboard").urls),
    path("dashboard/sales-point/", apps.get_app_config("sales_point_dashboard").urls),
    path("dashboard/reconciliation/", apps.get_app_config("reconciliation_dashboard").urls),
    # The buyer's own order actions, and guests' signed order links.
    path("orders/", include("checkout.orders")),
    # Sales points (điểm bán OCOP): the list with "near me", and each point's page.
    path("sales-points/", include("marketplace.sales_points.public_urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
    # Wagtail's catch-all serves every remaining path, so it comes last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
