from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrialsConfig(AppConfig):
    name = "tenants.trials"
    label = "trials"
    verbose_name = _("Tester och piloter")
