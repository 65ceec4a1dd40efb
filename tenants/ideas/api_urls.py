"""API routes of the idea lock, under ``/api/v1/`` on an organisation's host."""

from django.urls import path

from tenants.ideas import api

urlpatterns = [
    path("ideas/", api.IdeaListApi.as_view(), name="api-ideas"),
    path("ideas/bulk-move/", api.IdeaBulkMoveApi.as_view(), name="api-ideas-bulk-move"),
    path("ideas/similar/", api.IdeaSimilarApi.as_view(), name="api-ideas-similar"),
    path("ideas/<int:pk>/", api.IdeaDetailApi.as_view(), name="api-idea"),
    path("ideas/<int:pk>/move/", api.IdeaMoveApi.as_view(), name="api-idea-move"),
    path("ideas/<int:pk>/merge/", api.IdeaMergeApi.as_view(), name="api-idea-merge"),
    path("ideas/<int:pk>/publish/", api.IdeaPublishApi.as_view(), name="api-idea-publish"),
    path("ideas/<int:pk>/comments/", api.IdeaCommentListApi.as_view(), name="api-idea-comments"),
    path("ideas/<int:pk>/support/", api.IdeaSupportApi.as_view(), name="api-idea-support"),
    path("ideas/<int:pk>/follow/", api.IdeaFollowApi.as_view(), name="api-idea-follow"),
    path("stages/", api.StageListApi.as_view(), name="api-stages"),
]
