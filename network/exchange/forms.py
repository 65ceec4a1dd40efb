"""Forms of the network's pages: search with filters, co-signing, the shared-needs threshold."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from network.exchange.models import (
    IdeaPhase,
    Outcome,
    PopulationBand,
    ProblemSize,
    PublicationKind,
)
from network.exchange.selectors import SHARED_NEEDS_MIN_DEFAULT, SearchFilters
from shared.core import geography

MIN_COSIGNS_MAX = 290


def county_choices() -> list[tuple[str, str]]:
    return [(county.code, county.name) for county in geography.counties().values()]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Sök"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Typ"), choices=[("", _("Alla")), *PublicationKind.choices], required=False
    )
    area = forms.CharField(label=_("Område"), max_length=200, required=False)
    county = forms.ChoiceField(label=_("Län"), required=False)
    population_band = forms.ChoiceField(
        label=_("Storlek på ursprunget"),
        choices=[("", _("Alla")), *PopulationBand.choices],
        required=False,
    )
    stage = forms.ChoiceField(
        label=_("Fas (idéer)"), choices=[("", _("Alla")), *IdeaPhase.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Utfall (idéer)"), choices=[("", _("Alla")), *Outcome.choices], required=False
    )
    min_cosigns = forms.IntegerField(
        label=_("Medundertecknat av minst"),
        min_value=1,
        max_value=MIN_COSIGNS_MAX,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        county = self.fields["county"]
        assert isinstance(county, forms.ChoiceField)
        county.choices = [("", _("Alla")), *county_choices()]

    def filters(self) -> SearchFilters:
        """The filters asked for; a field with an invalid value is left out."""
        self.is_valid()
        return SearchFilters.of(self.cleaned_data)


class CoSignForm(forms.Form):
    local_context = forms.CharField(
        label=_("Hur ser behovet ut hos er?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
    )
    problem_size = forms.ChoiceField(
        label=_("Hur stort är problemet hos er?"), choices=ProblemSize.choices
    )
    affected_count = forms.IntegerField(
        label=_("Ungefär hur många berörs hos er?"), min_value=0, required=False
    )


class SharedNeedsForm(forms.Form):
    n = forms.IntegerField(
        label=_("Behov som minst så många organisationer har"),
        min_value=1,
        max_value=MIN_COSIGNS_MAX,
        initial=SHARED_NEEDS_MIN_DEFAULT,
        required=False,
    )

    def threshold(self) -> int:
        if self.is_valid() and self.cleaned_data.get("n"):
            return int(self.cleaned_data["n"])
        return SHARED_NEEDS_MIN_DEFAULT
