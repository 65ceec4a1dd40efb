from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "shared.core"
    label = "core"

    def ready(self) -> None:
        from shared.core.api import strict

        strict.install()
