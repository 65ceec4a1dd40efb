"""Staff pages of the idea lock, on an organisation's host."""

from django.urls import path

from tenants.ideas import stage_views, views

urlpatterns = [
    path("inkorg/", views.InboxView.as_view(), name="inbox"),
    path("installningar/steg/", stage_views.StageSettingsView.as_view(), name="stage-settings"),
    path("idéer/", views.IdeaListView.as_view(), name="ideas"),
    path("idéer/tavla/", views.IdeaBoardView.as_view(), name="ideas-board"),
    path("idéer/export.csv", views.IdeaExportView.as_view(), name="ideas-export"),
    path("idéer/ny/", views.IdeaCreateView.as_view(), name="idea-new"),
    path("idéer/<int:pk>/", views.IdeaDetailView.as_view(), name="idea"),
    path(
        "idéer/<int:pk>/bilagor/<int:attachment_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="idea-attachment",
    ),
]
