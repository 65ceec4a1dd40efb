"""The network's pages on an organisation's host, under /natverk/."""

from django.urls import path

from network.exchange import views

urlpatterns = [
    path("", views.NetworkView.as_view(), name="network"),
    path("gemensamma-behov/", views.SharedNeedsView.as_view(), name="network-shared-needs"),
    path(
        "gemensamma-behov/export.csv",
        views.SharedNeedsCsvView.as_view(),
        name="network-shared-needs-csv",
    ),
    path(
        "gemensamma-behov/export.xlsx",
        views.SharedNeedsXlsxView.as_view(),
        name="network-shared-needs-xlsx",
    ),
    path("<int:pk>/", views.ItemView.as_view(), name="network-item"),
    path("<int:pk>/bevaka/", views.FollowView.as_view(), name="network-follow"),
    path("<int:pk>/medunderteckna/", views.CoSignView.as_view(), name="network-cosign"),
]
