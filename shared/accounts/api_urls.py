"""API routes of an organisation's host for tokens and members (under /api/v1/)."""

from django.urls import path

from shared.accounts import api

urlpatterns = [
    path("auth/tokens/", api.ApiTokenListApi.as_view(), name="api-tokens"),
    path("auth/tokens/<int:pk>/revoke/", api.ApiTokenRevokeApi.as_view(), name="api-token-revoke"),
    path("members/", api.MemberListApi.as_view(), name="api-members"),
    path("members/<int:pk>/", api.MemberDetailApi.as_view(), name="api-member"),
]
