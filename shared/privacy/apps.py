from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "shared.privacy"
    label = "privacy"
