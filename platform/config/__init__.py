"""The Django project package of Idésluss.

It lives in ``platform/`` (a folder, not a package: a package named
``platform`` would hide the standard library module of that name, which
Celery and sentry-sdk import).
"""

from config.celery import app as celery_app

__all__ = ["celery_app"]
