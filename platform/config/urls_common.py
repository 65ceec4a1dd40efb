"""URLs served on every host: accounts, language switch, API schema and docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from shared.accounts import api as accounts_api

common_urlpatterns = [
    path("accounts/", include("shared.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/auth/token/", accounts_api.TokenObtainApi.as_view(), name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
