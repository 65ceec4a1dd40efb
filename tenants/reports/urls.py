"""Report pages on an organisation's host: the dashboard, the equality analysis, downloads."""

from django.urls import path

from tenants.reports import views

urlpatterns = [
    path("rapporter/", views.DashboardView.as_view(), name="reports"),
    path("rapporter/jamstalldhet/", views.EqualityView.as_view(), name="reports-equality"),
    path(
        "rapporter/<slug:name>.csv",
        views.ReportDownloadView.as_view(),
        {"file_format": "csv"},
        name="reports-csv",
    ),
    path(
        "rapporter/<slug:name>.xlsx",
        views.ReportDownloadView.as_view(),
        {"file_format": "xlsx"},
        name="reports-xlsx",
    ),
]
