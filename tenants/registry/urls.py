"""The register (diarium) on an organisation's host."""

from django.urls import path

from tenants.registry import views

urlpatterns = [
    path("diarium/", views.RegisterView.as_view(), name="register"),
    path(
        "diarium/export.csv",
        views.RegisterExportView.as_view(file_format="csv"),
        name="register-csv",
    ),
    path(
        "diarium/export.xlsx",
        views.RegisterExportView.as_view(file_format="xlsx"),
        name="register-xlsx",
    ),
]
