"""Data subjects' requests on an organisation's host, for its admin."""

from django.urls import path

from shared.privacy import views

urlpatterns = [
    path(
        "installningar/registrerade/",
        views.ContactRequestsView.as_view(),
        name="privacy-contacts",
    ),
    path("installningar/gallring/", views.RetentionView.as_view(), name="privacy-retention"),
]
