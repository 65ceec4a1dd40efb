"""Forms of the library pages: a method, linking an idea, the list's search."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from tenants.library import services
from tenants.library.models import Method, MethodKind


class MethodForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Typ"), choices=MethodKind.choices)
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=services.TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=gettext_lazy("Beskrivning"), widget=forms.Textarea(attrs={"rows": 8})
    )
    location = forms.CharField(
        label=gettext_lazy("Plats"),
        help_text=gettext_lazy("För testbäddar: var idéer kan testas."),
        max_length=services.LOCATION_MAX_LENGTH,
        required=False,
    )
    file = forms.FileField(
        label=gettext_lazy("Fil"),
        help_text=gettext_lazy(
            "Valfri. PDF, PNG, JPEG, DOCX, XLSX, PPTX, ODT eller TXT, högst 10 MB."
        ),
        required=False,
        widget=forms.FileInput,
    )

    @classmethod
    def for_method(cls, method: Method) -> MethodEditForm:
        return MethodEditForm(
            initial={
                "kind": method.kind,
                "title": method.title,
                "description": method.description,
                "location": method.location,
            }
        )


class MethodEditForm(MethodForm):
    remove_file = forms.BooleanField(
        label=gettext_lazy("Ta bort den nuvarande filen"), required=False
    )


class LinkIdeaForm(forms.Form):
    registration_number = forms.CharField(
        label=gettext_lazy("Idéns diarienummer"),
        help_text=gettext_lazy("Till exempel 2026-0042."),
        max_length=16,
    )


class MethodFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Sök"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Typ"),
        choices=[("", gettext_lazy("Alla")), *MethodKind.choices],
        required=False,
    )

    def filters(self) -> dict[str, str]:
        """The filters for ``selectors.method_list``; a field with an invalid value is left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
