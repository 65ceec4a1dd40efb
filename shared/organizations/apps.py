from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "shared.organizations"
    label = "organizations"
    verbose_name = _("Organisationer")

    def ready(self) -> None:
        from shared.organizations import signals  # noqa: F401
