"""API routes of the idea council, under ``/api/v1/`` on an organisation's host."""

from django.urls import path

from tenants.council import api

urlpatterns = [
    path("meetings/", api.MeetingListApi.as_view(), name="api-council-meetings"),
    path("meetings/<int:pk>/", api.MeetingDetailApi.as_view(), name="api-council-meeting"),
    path(
        "meetings/<int:pk>/agenda/",
        api.MeetingAgendaApi.as_view(),
        name="api-council-meeting-agenda",
    ),
    path(
        "meetings/<int:pk>/agenda/order/",
        api.MeetingAgendaOrderApi.as_view(),
        name="api-council-meeting-agenda-order",
    ),
    path(
        "meetings/<int:pk>/minutes/",
        api.MeetingMinutesApi.as_view(),
        name="api-council-meeting-minutes",
    ),
    path(
        "agenda-items/<int:pk>/",
        api.AgendaItemDetailApi.as_view(),
        name="api-council-agenda-item",
    ),
    path(
        "agenda-items/<int:pk>/decision/",
        api.AgendaItemDecisionApi.as_view(),
        name="api-council-decision",
    ),
    path("decisions/", api.DecisionListApi.as_view(), name="api-council-decisions"),
    path("budget/<int:year>/", api.BudgetApi.as_view(), name="api-council-budget"),
]
