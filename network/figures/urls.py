"""The coordinator's pages on the public site, under /statistik/."""

from django.urls import path

from network.figures import views

app_name = "figures"

urlpatterns = [
    path("", views.national, name="national"),
    path("lan/<str:county>/", views.national, name="county"),
    path("karta/", views.county_map, name="map"),
    path("rapport/", views.period_report, name="report"),
    path("export/<slug:name>.<str:file_format>", views.download, name="download"),
    path("api-nycklar/", views.api_tokens, name="api-tokens"),
]
