"""Pages of tests and pilots on an organisation's host."""

from django.urls import path

from tenants.trials import views

urlpatterns = [
    path("tester/", views.TrialListView.as_view(), name="trials"),
    path("tester/ny/", views.TrialCreateView.as_view(), name="trial-new"),
    path("tester/<int:pk>/", views.TrialDetailView.as_view(), name="trial"),
    path("tester/<int:pk>/andra/", views.TrialEditView.as_view(), name="trial-edit"),
]
