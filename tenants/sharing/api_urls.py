"""Publishing API routes, under /api/v1/network/ on an organisation's host."""

from django.urls import path

from tenants.sharing import api

urlpatterns = [
    path("publish/", api.PublishApi.as_view(), name="api-network-publish"),
    path("withdraw/", api.WithdrawApi.as_view(), name="api-network-withdraw"),
]
