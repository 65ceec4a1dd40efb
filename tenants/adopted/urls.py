"""Adoption pages, included under ``natverk/`` on an organisation's host (before exchange's)."""

from django.urls import path

from network.adoptions import views as network_views
from tenants.adopted import views

urlpatterns = [
    path("<int:pk>/ta-in/", views.AdoptView.as_view(), name="network-adopt"),
    path("<int:pk>/spridning/", network_views.SpreadView.as_view(), name="network-spread"),
    path("intaget/", views.AdoptedListView.as_view(), name="network-adopted"),
    path("omraden/", network_views.AreasView.as_view(), name="network-areas"),
]
