"""API routes of reports, under ``/api/v1/`` on an organisation's host."""

from django.urls import path

from tenants.reports import api

urlpatterns = [
    path("reports/dashboard/", api.DashboardApi.as_view(), name="api-reports-dashboard"),
    path("reports/equality/", api.EqualityApi.as_view(), name="api-reports-equality"),
]
