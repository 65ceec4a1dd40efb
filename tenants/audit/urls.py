"""The audit log's pages on an organisation's host (admins only)."""

from django.urls import path

from tenants.audit import views

urlpatterns = [
    path("granskningslogg/", views.AuditLogView.as_view(), name="audit"),
    path("granskningslogg/export.csv", views.AuditExportView.as_view(), name="audit-export"),
]
