"""The figures API on the public site, with an OpenAPI schema of its own."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from network.figures import api
from shared.accounts.permissions import IsNationalCoordinator


class FiguresSchemaView(SpectacularAPIView):
    """The figures API's own schema: for those who may use it."""

    permission_classes = [IsNationalCoordinator]
    urlconf = "network.figures.api_urls"
    custom_settings = {
        "TITLE": "Idésluss – nationell statistik",
        "DESCRIPTION": "Aggregate figures over every organisation, for national coordinators. "
        "Counts only; served on the public site.",
    }


urlpatterns = [
    path("api/v1/figures/national/", api.NationalSummaryApi.as_view(), name="figures-api-national"),
    path("api/v1/figures/counties/", api.CountiesApi.as_view(), name="figures-api-counties"),
    path(
        "api/v1/figures/tables/<slug:name>/",
        api.FiguresTableApi.as_view(),
        name="figures-api-table",
    ),
    path("api/v1/figures/schema/", FiguresSchemaView.as_view(), name="figures-api-schema"),
]
