"""The filters of the national figures: area, months, kind of organisation, population band."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from network.figures import selectors, tables
from network.figures.models import NATIONAL
from shared.core import geography
from shared.organizations.models import Organization


def _month(value: str) -> datetime.date | None:
    if not value:
        return None
    try:
        year, month = (int(part) for part in value.split("-"))
        return datetime.date(year, month, 1)
    except ValueError as error:
        raise ValidationError(_("Ange månaden som ÅÅÅÅ-MM.")) from error


class ScopeForm(forms.Form):
    lan = forms.ChoiceField(label=_("Område"), required=False)
    fran = forms.CharField(label=_("Från månad (ÅÅÅÅ-MM)"), required=False, max_length=7)
    till = forms.CharField(label=_("Till och med månad (ÅÅÅÅ-MM)"), required=False, max_length=7)
    typ = forms.ChoiceField(label=_("Typ av organisation"), required=False)
    storlek = forms.ChoiceField(label=_("Befolkning"), required=False)
    organisation = forms.ChoiceField(label=_("En organisation"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lan"].choices = [  # type: ignore[attr-defined]
            ("", _("Hela landet")),
            *((c.code, c.name) for c in geography.counties().values()),
        ]
        self.fields["typ"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla")),
            *((k.value, k.label) for k in selectors.KINDS),
        ]
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla")),
            *self._named_organizations(),
        ]
        self.fields["storlek"].choices = [  # type: ignore[attr-defined]
            ("", _("Alla")),
            *((band, tables.band_label(band)) for band in selectors.BANDS),
        ]

    def _named_organizations(self) -> list[tuple[str, str]]:
        # Only organisations that agreed to be named can be chosen on their own.
        return [
            (o.slug, o.name)
            for o in Organization.objects.tenants().order_by("name")
            if o.is_named_in_figures
        ]

    def clean_fran(self) -> datetime.date | None:
        return _month(self.cleaned_data.get("fran", ""))

    def clean_till(self) -> datetime.date | None:
        return _month(self.cleaned_data.get("till", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("fran") and data.get("till") and data["fran"] > data["till"]:
            raise ValidationError(_("Perioden slutar innan den börjar."))
        return data

    def scope(self, *, area: str | None = None) -> selectors.Scope:
        data = self.cleaned_data
        return selectors.Scope(
            area=area or data.get("lan") or NATIONAL,
            month_from=data.get("fran"),
            month_to=data.get("till"),
            kind=data.get("typ") or "",
            band=data.get("storlek") or "",
            organization_id=Organization.objects.filter(slug=data["organisation"])
            .values_list("pk", flat=True)
            .first()
            if data.get("organisation")
            else None,
        )
