"""API routes of coaching, under ``/api/v1/`` on an organisation's host."""

from django.urls import path

from tenants.coaching import api

urlpatterns = [
    path("coaching/mine/", api.CoachWorkspaceApi.as_view(), name="api-coaching-mine"),
    path("ideas/<int:pk>/coach/", api.IdeaCoachApi.as_view(), name="api-idea-coach"),
    path(
        "ideas/<int:pk>/coach-notes/",
        api.IdeaCoachNoteListApi.as_view(),
        name="api-idea-coach-notes",
    ),
    path(
        "ideas/<int:pk>/next-steps/",
        api.IdeaNextStepListApi.as_view(),
        name="api-idea-next-steps",
    ),
    path(
        "next-steps/<int:pk>/complete/",
        api.NextStepCompleteApi.as_view(),
        name="api-next-step-complete",
    ),
    path(
        "next-steps/<int:pk>/reopen/",
        api.NextStepReopenApi.as_view(),
        name="api-next-step-reopen",
    ),
]
