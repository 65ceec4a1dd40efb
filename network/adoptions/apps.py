from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdoptionsConfig(AppConfig):
    name = "network.adoptions"
    label = "adoptions"
    verbose_name = _("Spridning i nätverket")

    def ready(self) -> None:
        # Followers hear of new co-signers, adoptions and evidence flowing back.
        from network.adoptions import signals  # noqa: F401
