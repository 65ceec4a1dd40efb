"""The deciding organisation's pilot pages, under /natverk/piloter/."""

from django.urls import path

from tenants.jointpilots import views

urlpatterns = [
    path("<int:pk>/bered/", views.PrepareView.as_view(), name="pilot-prepare"),
    path("<int:pk>/beslut/", views.DecideView.as_view(), name="pilot-decide"),
]
