"""The network on the public site, for platform staff, under /natverk/."""

from django.urls import path

from network.exchange import views

urlpatterns = [
    path("", views.StaffNetworkView.as_view(), name="network-staff"),
    path(
        "gemensamma-behov/",
        views.StaffSharedNeedsView.as_view(),
        name="network-staff-shared-needs",
    ),
    path(
        "gemensamma-behov/export.csv",
        views.StaffSharedNeedsCsvView.as_view(),
        name="network-staff-shared-needs-csv",
    ),
    path(
        "gemensamma-behov/export.xlsx",
        views.StaffSharedNeedsXlsxView.as_view(),
        name="network-staff-shared-needs-xlsx",
    ),
    path("<int:pk>/", views.StaffItemView.as_view(), name="network-staff-item"),
]
