"""Joint pilots in the API on an organisation's host, under /api/v1/network/pilots/."""

from django.urls import path

from network.pilots import api

urlpatterns = [
    path("pilots/", api.PilotListApi.as_view(), name="api-pilots"),
    path("pilots/<int:pk>/", api.PilotDetailApi.as_view(), name="api-pilot"),
    path("pilots/<int:pk>/participants/", api.PilotInviteApi.as_view(), name="api-pilot-invite"),
    path("pilots/<int:pk>/start/", api.PilotStartApi.as_view(), name="api-pilot-start"),
    path("pilots/<int:pk>/end/", api.PilotEndApi.as_view(), name="api-pilot-end"),
    path("pilots/<int:pk>/leave/", api.PilotLeaveApi.as_view(), name="api-pilot-leave"),
    path("pilots/<int:pk>/log/", api.PilotLogApi.as_view(), name="api-pilot-log"),
    path(
        "pilots/<int:pk>/cost-split/", api.PilotCostSplitApi.as_view(), name="api-pilot-cost-split"
    ),
    path(
        "pilots/<int:pk>/evaluation/",
        api.PilotEvaluationApi.as_view(),
        name="api-pilot-evaluation",
    ),
]
