from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JointPilotsConfig(AppConfig):
    name = "tenants.jointpilots"
    label = "jointpilots"
    verbose_name = _("Beslut om gemensamma piloter")

    def ready(self) -> None:
        # A council decision on a pilot case is this organisation's answer to the invitation.
        import tenants.jointpilots.signals  # noqa: F401
