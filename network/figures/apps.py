from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "network.figures"
    label = "figures"
    verbose_name = _("Nationell statistik")

    def ready(self) -> None:
        # Adoptions and co-signatures change the figures of two organisations.
        from network.figures import signals  # noqa: F401
