"""API route for taking network items in, under ``/api/v1/network/`` on an organisation's host."""

from django.urls import path

from tenants.adopted import api

urlpatterns = [
    path("adoptions/", api.AdoptionListApi.as_view(), name="api-network-adoptions"),
]
