"""API route of the audit log, under ``/api/v1/`` on an organisation's host."""

from django.urls import path

from tenants.audit import api

urlpatterns = [
    path("audit/", api.AuditEventListApi.as_view(), name="api-audit"),
]
