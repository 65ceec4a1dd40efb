"""API routes of the library, under ``/api/v1/`` on an organisation's host."""

from django.urls import path

from tenants.library import api

urlpatterns = [
    path("methods/", api.MethodListApi.as_view(), name="api-methods"),
    path("methods/<int:pk>/", api.MethodDetailApi.as_view(), name="api-method"),
]
