"""API routes of activities, under ``/api/v1/`` on an organisation's host."""

from django.urls import path

from tenants.activities import api

urlpatterns = [
    path("activities/", api.ActivityListApi.as_view(), name="api-activities"),
    path("activities/summary/", api.ActivitySummaryApi.as_view(), name="api-activities-summary"),
    path("activities/<int:pk>/", api.ActivityDetailApi.as_view(), name="api-activity"),
    path(
        "activities/<int:pk>/participants/",
        api.ParticipantListApi.as_view(),
        name="api-activity-participants",
    ),
    path(
        "activities/<int:pk>/participants/<int:participant_pk>/",
        api.ParticipantDetailApi.as_view(),
        name="api-activity-participant",
    ),
]
