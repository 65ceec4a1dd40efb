"""Joint pilot pages on an organisation's host, under /natverk/piloter/."""

from django.urls import path

from network.pilots import views

ACTIONS = {
    "invite": "bjud-in",
    "log": "logg",
    "plan": "plan",
    "split": "kostnadsfordelning",
    "evaluation": "utvardering",
    "start": "starta",
    "end": "avsluta",
    "leave": "lamna",
}

urlpatterns = [
    path("", views.PilotListView.as_view(), name="pilots"),
    path("ny/", views.PilotProposeView.as_view(), name="pilot-propose"),
    path("<int:pk>/", views.PilotDetailView.as_view(), name="pilot-detail"),
    *(
        path(
            f"<int:pk>/{segment}/",
            views.PilotActionView.as_view(action=action),
            name=f"pilot-{action}",
        )
        for action, segment in ACTIONS.items()
    ),
]
