"""Billing on the public site: Stripe's webhook and platform staff's pages."""

from django.urls import path

from billing import views, webhooks

urlpatterns = [
    path("stripe/webhook/", webhooks.stripe_webhook, name="billing-stripe-webhook"),
    path("plattform/fakturering/", views.staff_list, name="billing-staff"),
    path(
        "plattform/fakturering/fakturor/<int:pk>/e-faktura.xml",
        views.staff_einvoice,
        name="billing-staff-einvoice",
    ),
    path("plattform/fakturering/<slug:slug>/", views.staff_detail, name="billing-staff-detail"),
    path(
        "plattform/fakturering/<slug:slug>/provperiod/",
        views.staff_trial_start,
        name="billing-staff-trial",
    ),
    path(
        "plattform/fakturering/<slug:slug>/starta/",
        views.staff_subscriptions_start,
        name="billing-staff-start",
    ),
    path(
        "plattform/fakturering/<slug:slug>/plan/",
        views.staff_plan_change,
        name="billing-staff-plan",
    ),
    path(
        "plattform/fakturering/<slug:slug>/anstand/",
        views.staff_grace_extend,
        name="billing-staff-grace",
    ),
    path(
        "plattform/fakturering/<slug:slug>/avsluta/",
        views.staff_cancel,
        name="billing-staff-cancel",
    ),
]
