"""API routes of tests and pilots, under ``/api/v1/`` on an organisation's host."""

from django.urls import path

from tenants.trials import api

urlpatterns = [
    path("trials/", api.TrialListApi.as_view(), name="api-trials"),
    path("trials/<int:pk>/", api.TrialDetailApi.as_view(), name="api-trial"),
    path("trials/<int:pk>/status/", api.TrialStatusApi.as_view(), name="api-trial-status"),
    path("trials/<int:pk>/log/", api.TrialLogApi.as_view(), name="api-trial-log"),
    path(
        "trials/<int:pk>/evaluation/",
        api.TrialEvaluationApi.as_view(),
        name="api-trial-evaluation",
    ),
]
