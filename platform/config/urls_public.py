"""The public site on the base domain: landing, login, directory, platform admin."""

from django.contrib import admin
from django.urls import include, path

from config.urls_common import common_urlpatterns
from shared.organizations import api as organizations_api
from shared.organizations import views as organizations_views

urlpatterns = [
    path("", organizations_views.landing, name="home"),
    path("organisationer/", organizations_views.directory, name="directory"),
    path("plattform/", organizations_views.platform_overview, name="platform-overview"),
    path(
        "api/v1/organizations/",
        organizations_api.OrganizationDirectoryApi.as_view(),
        name="api-organizations",
    ),
    # The network for platform staff (organisations see it on their own hosts).
    path("natverk/", include("network.exchange.public_urls")),
    # National figures for the coordinator and platform staff: pages and their API.
    path("statistik/", include("network.figures.urls")),
    path("", include("network.figures.api_urls")),
    # Billing: Stripe's webhook and the platform staff's pages.
    path("", include("billing.public_urls")),
    # Data subjects' requests (GDPR art. 15, 17, 20), handled by platform staff.
    path("", include("shared.privacy.urls")),
    path("admin/", admin.site.urls),
    *common_urlpatterns,
]

handler404 = "shared.core.views.not_found"
handler403 = "shared.core.views.forbidden"
handler400 = "shared.core.views.bad_request"
handler500 = "shared.core.views.server_error"
