"""Publishing pages on an organisation's host, under /natverk/publicera/."""

from django.urls import path

from tenants.sharing import views

urlpatterns = [
    path("<str:kind>/<int:source_id>/", views.PublishView.as_view(), name="sharing-publish"),
    path(
        "<str:kind>/<int:source_id>/avpublicera/",
        views.WithdrawView.as_view(),
        name="sharing-withdraw",
    ),
]
