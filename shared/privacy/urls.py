"""Data subjects' requests on the public site, for platform staff."""

from django.urls import path

from shared.privacy import views

urlpatterns = [
    path("plattform/registrerade/", views.staff_requests, name="privacy-staff"),
    path("plattform/registrerade/<int:pk>/", views.staff_detail, name="privacy-staff-detail"),
    path(
        "plattform/registrerade/<int:pk>/status/",
        views.staff_status,
        name="privacy-staff-status",
    ),
    path(
        "plattform/registrerade/<int:pk>/export.json",
        views.staff_export_json,
        name="privacy-staff-export-json",
    ),
    path(
        "plattform/registrerade/<int:pk>/sammanstallning/",
        views.staff_export_summary,
        name="privacy-staff-export-summary",
    ),
]
