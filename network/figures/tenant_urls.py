"""On an organisation's host: its figures beside organisations like it, among its reports."""

from django.urls import path

from network.figures import peer_views

urlpatterns = [
    path("rapporter/jamforelse/", peer_views.PeerBenchmarkView.as_view(), name="figures-peers"),
]
