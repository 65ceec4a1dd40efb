from django.urls import path

from tenants.calls import api

urlpatterns = [
    path("calls/", api.CallListApi.as_view(), name="api-calls"),
    path("calls/<int:pk>/", api.CallDetailApi.as_view(), name="api-call"),
]
