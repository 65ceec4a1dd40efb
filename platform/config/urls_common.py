"""URLs served on every host: accounts, language switch, API schema and docs."""

from django.urls import include, path
from django.views.i18n import set_language

from shared.accounts import api as accounts_api
from shared.accounts.permissions import public_route
from shared.core.api.schema import ApiDocsView, ApiSchemaView

common_urlpatterns = [
    path("accounts/", include("shared.accounts.urls")),
    path(
        "i18n/setlang/",
        public_route(reason="Choosing the language of the pages is for anyone.")(set_language),
        name="set_language",
    ),
    path("api/v1/auth/token/", accounts_api.TokenObtainApi.as_view(), name="api-token"),
    path("api/schema/", ApiSchemaView.as_view(), name="api-schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
]
