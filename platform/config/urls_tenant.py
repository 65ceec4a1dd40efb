"""An organisation's own host: its workspace and API."""

from django.urls import include, path

from config.urls_common import common_urlpatterns
from shared.accounts import api as accounts_api
from tenants.needs import api as needs_api
from tenants.needs import views as needs_views
from tenants.workspace import views as workspace_views

urlpatterns = [
    path("", workspace_views.home, name="home"),
    path("medlemmar/", workspace_views.MembersView.as_view(), name="members"),
    path("", include("tenants.workspace.urls")),
    path("behov/", needs_views.NeedListView.as_view(), name="needs"),
    path("behov/export.csv", needs_views.NeedExportView.as_view(), name="needs-export"),
    path("behov/<int:pk>/", needs_views.NeedDetailView.as_view(), name="need-detail"),
    path("behov/<int:pk>/andra/", needs_views.NeedEditView.as_view(), name="need-edit"),
    path("behov/<int:pk>/status/", needs_views.NeedStatusView.as_view(), name="need-status"),
    path("api/v1/me/", accounts_api.MeApi.as_view(), name="api-me"),
    path("api/v1/", include("shared.accounts.api_urls")),
    path("api/v1/needs/", needs_api.NeedListApi.as_view(), name="api-needs"),
    path("api/v1/needs/<int:pk>/", needs_api.NeedDetailApi.as_view(), name="api-need"),
    path(
        "api/v1/needs/<int:pk>/status/",
        needs_api.NeedStatusApi.as_view(),
        name="api-need-status",
    ),
    path("api/v1/", include("tenants.ideas.api_urls")),
    path("api/v1/", include("tenants.calls.api_urls")),
    path("api/v1/", include("tenants.coaching.api_urls")),
    path("api/v1/", include("tenants.council.api_urls")),
    path("api/v1/", include("tenants.trials.api_urls")),
    path("api/v1/", include("tenants.activities.api_urls")),
    path("api/v1/", include("tenants.library.api_urls")),
    path("api/v1/", include("tenants.audit.api_urls")),
    path("api/v1/", include("tenants.reports.api_urls")),
    path("api/v1/network/", include("tenants.jointpilots.api_urls")),
    path("api/v1/network/", include("network.pilots.api_urls")),
    path("api/v1/network/", include("tenants.adopted.api_urls")),
    path("api/v1/network/", include("network.adoptions.api_urls")),
    path("api/v1/network/", include("tenants.sharing.api_urls")),
    path("api/v1/network/", include("network.exchange.api_urls")),
    path("", include("tenants.ideas.urls")),
    path("", include("tenants.calls.urls")),
    path("", include("tenants.coaching.urls")),
    path("", include("tenants.council.urls")),
    path("", include("tenants.trials.urls")),
    path("", include("tenants.activities.urls")),
    path("", include("tenants.library.urls")),
    path("", include("tenants.audit.urls")),
    # Before the reports: their downloads take any name under rapporter/.
    path("", include("network.figures.tenant_urls")),
    path("", include("tenants.reports.urls")),
    # Joint pilots before adoption and the exchange: their paths are more specific.
    path("natverk/piloter/", include("tenants.jointpilots.urls")),
    path("natverk/piloter/", include("network.pilots.urls")),
    # Adoption before the exchange: its paths are more specific.
    path("natverk/", include("tenants.adopted.urls")),
    path("natverk/publicera/", include("tenants.sharing.urls")),
    path("natverk/", include("network.exchange.urls")),
    path("fakturering/", include("billing.urls")),
    # Logging in by the organisation's own identity provider, and its admin's settings.
    path("", include("shared.sso.urls")),
    # Data subjects' requests for the organisation's own portal contacts.
    path("", include("shared.privacy.tenant_urls")),
    # The register (diarium) of a period, for the archive.
    path("", include("tenants.registry.urls")),
    path("portal/beslut/", include("tenants.council.portal_urls")),
    path("portal/", include("tenants.portal.urls")),
    *common_urlpatterns,
]

handler404 = "shared.core.views.not_found"
handler403 = "shared.core.views.forbidden"
handler400 = "shared.core.views.bad_request"
handler500 = "shared.core.views.server_error"
