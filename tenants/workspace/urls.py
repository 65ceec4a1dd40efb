"""Pages of an organisation's host for its members and a member's own API keys."""

from django.urls import path

from tenants.workspace import views

urlpatterns = [
    path("medlemmar/<int:pk>/roll/", views.MemberRoleView.as_view(), name="member-role"),
    path(
        "medlemmar/<int:pk>/kommun/",
        views.MemberMunicipalityView.as_view(),
        name="member-municipality",
    ),
    path("medlemmar/<int:pk>/ta-bort/", views.MemberRemoveView.as_view(), name="member-remove"),
    path("api-nycklar/", views.ApiTokensView.as_view(), name="api-tokens"),
    path(
        "api-nycklar/<int:pk>/aterkalla/",
        views.ApiTokenRevokeView.as_view(),
        name="api-token-revoke",
    ),
]
