from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shared.accounts"
    label = "accounts"
    verbose_name = _("Personer och behörigheter")

    def ready(self) -> None:
        from shared.accounts import authentication, signals  # noqa: F401  (register them)
