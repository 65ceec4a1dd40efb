"""The network's API on an organisation's host, under /api/v1/network/."""

from django.urls import path

from network.exchange import api

urlpatterns = [
    path("publications/", api.PublicationListApi.as_view(), name="api-network-publications"),
    path(
        "publications/<int:pk>/",
        api.PublicationDetailApi.as_view(),
        name="api-network-publication",
    ),
    path(
        "publications/<int:pk>/follow/",
        api.PublicationFollowApi.as_view(),
        name="api-network-publication-follow",
    ),
    path(
        "publications/<int:pk>/cosignatures/",
        api.CoSignatureApi.as_view(),
        name="api-network-cosignatures",
    ),
    path("shared-needs/", api.SharedNeedListApi.as_view(), name="api-network-shared-needs"),
    path("similar/", api.SimilarApi.as_view(), name="api-network-similar"),
]
