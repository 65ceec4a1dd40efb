"""Pages of the library of methods, tools and testbeds on an organisation's host."""

from django.urls import path

from tenants.library import views

urlpatterns = [
    path("metoder/", views.MethodListView.as_view(), name="methods"),
    path("metoder/ny/", views.MethodCreateView.as_view(), name="method-new"),
    path("metoder/<int:pk>/", views.MethodDetailView.as_view(), name="method"),
    path("metoder/<int:pk>/andra/", views.MethodEditView.as_view(), name="method-edit"),
    path("metoder/<int:pk>/fil/", views.MethodFileView.as_view(), name="method-file"),
]
