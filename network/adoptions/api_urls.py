"""API routes of adoptions' public reads, under ``/api/v1/network/`` on an organisation's host."""

from django.urls import path

from network.adoptions import api

urlpatterns = [
    path(
        "publications/<int:pk>/spread/",
        api.PublicationSpreadApi.as_view(),
        name="api-network-spread",
    ),
    path("areas/", api.FollowedAreaListApi.as_view(), name="api-network-areas"),
    path("areas/<int:pk>/", api.FollowedAreaDetailApi.as_view(), name="api-network-area"),
]
