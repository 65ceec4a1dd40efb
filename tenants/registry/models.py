"""Registration numbers (diarienummer): per organisation, series and year, without gaps."""

from __future__ import annotations

from django.db import models


class RegistrationCounter(models.Model):
    """The last number handed out in a series (ideas, decisions) and year."""

    series = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="registration_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last_number}"
