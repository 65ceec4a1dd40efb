"""The deciding organisation's pilot routes in the API, under /api/v1/network/pilots/."""

from django.urls import path

from tenants.jointpilots import api

urlpatterns = [
    path("pilots/<int:pk>/prepare/", api.PrepareApi.as_view(), name="api-pilot-prepare"),
    path("pilots/<int:pk>/decision/", api.DecisionApi.as_view(), name="api-pilot-decision"),
]
