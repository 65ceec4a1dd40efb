"""The organisation's library of working methods, tools and testbeds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.references import person_reference


class MethodKind(models.TextChoices):
    METHOD = "method", _("Metod")
    TOOL = "tool", _("Verktyg")
    TESTBED = "testbed", _("Testbädd")


class Method(models.Model):
    """A working method, tool, or a place where ideas can be tested."""

    kind = models.CharField(_("typ"), max_length=8, choices=MethodKind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"))
    location = models.CharField(_("plats (för testbäddar)"), max_length=200, blank=True)
    file = models.FileField(_("fil"), upload_to="library/%Y/", blank=True)
    ideas = models.ManyToManyField("ideas.Idea", blank=True, related_name="methods")
    created_by = person_reference(_("skapad av"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("metod eller testbädd")
        verbose_name_plural = pgettext_lazy("plural", "metoder och testbäddar")

    def __str__(self) -> str:
        return self.title
