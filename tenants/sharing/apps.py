from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "tenants.sharing"
    label = "sharing"
    verbose_name = _("Delning till nätverket")

    def ready(self) -> None:
        # A change to a published source refreshes its snapshot after commit.
        from tenants.sharing import signals  # noqa: F401
