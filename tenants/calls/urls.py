from django.urls import path

from tenants.calls import views

urlpatterns = [
    path("utlysningar/", views.CallListView.as_view(), name="calls"),
    path("utlysningar/ny/", views.CallCreateView.as_view(), name="call-create"),
    path("utlysningar/<int:pk>/", views.CallDetailView.as_view(), name="call-detail"),
    path("utlysningar/<int:pk>/andra/", views.CallEditView.as_view(), name="call-edit"),
    path("utlysningar/<int:pk>/stang/", views.CallCloseView.as_view(), name="call-close"),
]
