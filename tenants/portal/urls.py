"""The public portal, at /portal/ on each organisation's host."""

from django.urls import path

from tenants.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.start, name="start"),
    path("utlysningar/<int:pk>/", views.call_detail, name="call"),
    path("ideer/", views.idea_list, name="ideas"),
    path("ideer/<int:pk>/", views.IdeaDetailView.as_view(), name="idea"),
    path("ny-ide/", views.IdeaSubmitView.as_view(), name="idea_new"),
    path("nytt-behov/", views.NeedSubmitView.as_view(), name="need_new"),
    path("tack/", views.thanks, name="thanks"),
    path("liknande/", views.similar, name="similar"),
    path("folj/<str:token>/", views.FollowView.as_view(), name="follow"),
]
