"""Pages of the idea council (idéråd) on an organisation's host."""

from django.urls import path

from tenants.council import views

urlpatterns = [
    path("idérådet/", views.CouncilHomeView.as_view(), name="council"),
    path("idérådet/budget/", views.BudgetSetView.as_view(), name="council-budget"),
    path(
        "idérådet/sammanträden/ny/", views.MeetingCreateView.as_view(), name="council-meeting-new"
    ),
    path(
        "idérådet/sammanträden/<int:pk>/",
        views.MeetingDetailView.as_view(),
        name="council-meeting",
    ),
    path(
        "idérådet/sammanträden/<int:pk>/status/",
        views.MeetingStatusView.as_view(),
        name="council-meeting-status",
    ),
    path(
        "idérådet/sammanträden/<int:pk>/dagordning/",
        views.AgendaItemAddView.as_view(),
        name="council-agenda-add",
    ),
    path(
        "idérådet/sammanträden/<int:pk>/dagordning/ordning/",
        views.AgendaOrderView.as_view(),
        name="council-agenda-order",
    ),
    path(
        "idérådet/sammanträden/<int:pk>/protokoll/",
        views.MinutesPrintView.as_view(),
        name="council-minutes-print",
    ),
    path(
        "idérådet/sammanträden/<int:pk>/protokoll/spara/",
        views.MinutesSaveView.as_view(),
        name="council-minutes",
    ),
    path(
        "idérådet/ärenden/<int:pk>/ta-bort/",
        views.AgendaItemRemoveView.as_view(),
        name="council-item-remove",
    ),
    path(
        "idérådet/ärenden/<int:pk>/beslut/",
        views.DecisionRecordView.as_view(),
        name="council-decision",
    ),
]
