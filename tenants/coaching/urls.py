"""Coaching pages on an organisation's host."""

from django.urls import path

from tenants.coaching import views

urlpatterns = [
    path("coachning/", views.CoachWorkspaceView.as_view(), name="coaching"),
    path("idéer/<int:pk>/coachning/", views.IdeaCoachingView.as_view(), name="idea-coaching"),
]
