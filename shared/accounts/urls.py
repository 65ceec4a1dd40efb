from django.urls import path

from shared.accounts import throttling, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        throttling.throttle_password_reset(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("switch/<slug:slug>/", views.switch_organization, name="switch"),
    path("handoff/", views.handoff, name="handoff"),
]
