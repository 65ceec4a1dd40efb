from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdoptedConfig(AppConfig):
    name = "tenants.adopted"
    label = "adopted"
    verbose_name = _("Idéer och metoder från nätverket")

    def ready(self) -> None:
        # An evaluation of an adopted idea's test flows back to its origin.
        from tenants.adopted import signals  # noqa: F401
