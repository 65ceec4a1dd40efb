"""The form that takes a network item into this lock."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from network.adoptions.models import AdoptionCategory
from tenants.ideas.models import Stage


class AdoptForm(forms.Form):
    """Take a network item into our lock: how new it is to us, and (ideas) where it starts."""

    category = forms.ChoiceField(
        label=_("Hur ny är den för er?"),
        choices=AdoptionCategory.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Kopierad: ni gör likadant. Anpassad: ni ändrar den efter era förhållanden. "
            "Först i sitt slag: ingen har gjort så här tidigare i er roll."
        ),
    )
    starting_stage = forms.ChoiceField(label=_("Startsteg"), required=False)

    def __init__(self, *args: Any, stages: list[Stage] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stages = {stage.key: stage for stage in stages or []}
        if stages:
            field = self.fields["starting_stage"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(s.key, s.name) for s in stages]
            field.required = True
            field.help_text = _(
                "Där idén börjar hos er, till exempel Test om ni vill pröva den direkt."
            )
        else:
            del self.fields["starting_stage"]

    def chosen_stage(self) -> Stage | None:
        key = self.cleaned_data.get("starting_stage")
        return self.stages.get(key) if key else None
