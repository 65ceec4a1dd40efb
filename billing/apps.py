from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"
    label = "billing"
    verbose_name = "Fakturering"
    default_auto_field = "django.db.models.BigAutoField"
