"""The council's decisions on the public portal, at /portal/beslut/; no login."""

from django.urls import path

from tenants.council import views

app_name = "council_portal"

urlpatterns = [
    path("", views.portal_decision_list, name="decisions"),
    path("<str:registration_number>/", views.portal_decision_detail, name="decision"),
]
