"""An organisation admin's billing pages, on the organisation's own host."""

from django.urls import path

from billing import views

app_name = "billing"

urlpatterns = [
    path("", views.BillingOverviewView.as_view(), name="overview"),
    path("betalare/<int:pk>/", views.PayerEditView.as_view(), name="payer-edit"),
    path("fordelning/", views.SplitEditView.as_view(), name="split-edit"),
]
