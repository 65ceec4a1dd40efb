"""Pages of activities on an organisation's host."""

from django.urls import path

from tenants.activities import views

urlpatterns = [
    path("aktiviteter/", views.ActivityListView.as_view(), name="activities"),
    path("aktiviteter/ny/", views.ActivityCreateView.as_view(), name="activity-new"),
    path("aktiviteter/<int:pk>/", views.ActivityDetailView.as_view(), name="activity"),
    path("aktiviteter/<int:pk>/andra/", views.ActivityEditView.as_view(), name="activity-edit"),
    path(
        "aktiviteter/<int:pk>/deltagare/<int:participant_pk>/ta-bort/",
        views.ParticipantRemoveView.as_view(),
        name="participant-remove",
    ),
]
