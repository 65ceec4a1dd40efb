"""Forms of the public portal: anonymous people submit ideas and needs, support and follow.

Every form asks for name and e-mail (the contact), the consent to the text
shown, and carries a honeypot field that people never see.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenants import municipalities
from tenants.contacts.models import Audience, Gender

HONEYPOT_FIELD = "webbplats"
PORTAL_AUDIENCE_CHOICES = [
    (Audience.CITIZEN.value, gettext_lazy("Invånare")),
    (Audience.BUSINESS.value, gettext_lazy("Näringsliv (företag)")),
    (Audience.ASSOCIATION.value, gettext_lazy("Föreningsliv (förening)")),
]
GENDER_CHOICES = [
    *((value, label) for value, label in Gender.choices),
    ("", gettext_lazy("Vill inte ange")),
]


def consent_text(*, organization_name: str) -> str:
    """The consent a person gives when they submit; stored word for word with the contact."""
    return _(
        "%(organization)s sparar ditt namn, din e-postadress och det du skriver här för att "
        "handlägga det du lämnar och kontakta dig om det. Ditt namn, din e-postadress, din "
        "organisation och ditt kön visas aldrig i portalen. Om du anger kön används det bara "
        "i statistik där ingen enskild kan urskiljas. Du kan när som helst be oss att ta bort "
        "dina uppgifter."
    ) % {"organization": organization_name}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; what is allowed is the idea service's decision."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class PortalForm(forms.Form):
    """Who is writing, their consent, and a trap for robots."""

    name = forms.CharField(
        label=gettext_lazy("Namn"),
        max_length=200,
        error_messages={"required": gettext_lazy("Skriv ditt namn.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-postadress"),
        help_text=gettext_lazy(
            "Hit skickar vi en länk där du bekräftar adressen och följer det du lämnat. "
            "Adressen visas aldrig för andra."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": gettext_lazy("Skriv din e-postadress."),
            "invalid": gettext_lazy("Skriv en e-postadress som namn@exempel.se."),
        },
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Jag är"),
        choices=PORTAL_AUDIENCE_CHOICES,
        initial=Audience.CITIZEN,
        error_messages={
            "required": gettext_lazy("Välj om du är invånare, från näringslivet eller en förening.")
        },
    )
    consent = forms.BooleanField(
        label=gettext_lazy("Jag har läst texten om hur mina uppgifter används och samtycker."),
        error_messages={
            "required": gettext_lazy(
                "Kryssa i rutan om du samtycker; annars kan vi inte ta emot det du skickar."
            )
        },
    )
    # Robots fill in every field; people never see this one.
    webbplats = forms.CharField(
        label=gettext_lazy("Lämna det här fältet tomt"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    contact_fields: Sequence[str] = ("name", "email", "audience")

    @property
    def is_robot(self) -> bool:
        """Whether the honeypot was filled in: answer as if it worked, store nothing."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def visible_contact_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.contact_fields]


class IdeaForm(PortalForm):
    organization_name = forms.CharField(
        label=gettext_lazy("Företag eller förening (frivilligt)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    gender = forms.ChoiceField(
        label=gettext_lazy("Kön (frivilligt)"),
        help_text=gettext_lazy(
            "Frivilligt. Vi använder det bara i statistik över vilka som lämnar idéer "
            "(jämställdhetsanalys), aldrig så att du kan pekas ut."
        ),
        choices=GENDER_CHOICES,
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=gettext_lazy("Rubrik"),
        max_length=200,
        help_text=gettext_lazy("Några ord som sammanfattar idén."),
        error_messages={"required": gettext_lazy("Ge idén en rubrik.")},
    )
    description = forms.CharField(
        label=gettext_lazy("Beskriv din idé"),
        help_text=gettext_lazy("Vad vill du förbättra, och hur?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": gettext_lazy("Beskriv idén.")},
    )
    expected_benefit = forms.CharField(
        label=gettext_lazy("Vilken nytta gör idén? (frivilligt)"),
        help_text=gettext_lazy("För vem, och hur märks det?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    call = forms.TypedChoiceField(
        label=gettext_lazy("Svar på en utlysning (frivilligt)"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    needs = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Behov som idén svarar på (frivilligt)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipality_code = forms.ChoiceField(
        label=gettext_lazy("Vilken kommun gäller det? (frivilligt)"),
        required=False,
    )
    attachments = MultipleFileField(
        label=gettext_lazy("Bilagor (frivilligt)"),
        help_text=gettext_lazy("Bilder eller dokument som visar idén. Du kan välja flera filer."),
        required=False,
    )

    contact_fields = ("name", "email", "organization_name", "audience", "gender")
    idea_fields = (
        "title",
        "description",
        "expected_benefit",
        "municipality_code",
        "call",
        "needs",
        "attachments",
    )

    def __init__(
        self,
        *args: Any,
        calls: Sequence[tuple[int, str]] = (),
        needs: Sequence[tuple[int, str]] = (),
        unavailable_call: Callable[[int], tuple[str, str] | None] | None = None,
        attachment_help: str = "",
        **kwargs: Any,
    ) -> None:
        """``calls`` and ``needs`` are the (id, title) pairs a visitor may choose from.

        ``unavailable_call(pk)`` gives the title of a call that is not among
        ``calls`` and why it takes no ideas (it closed, say), or None if there
        is no such public call; the form then says why instead of "not a valid choice".
        """
        super().__init__(*args, **kwargs)
        # Only a group of municipalities asks which of them the idea is about.
        municipalities.form_field(self)
        self._open_calls = {pk for pk, _title in calls}
        self._unavailable: dict[int, str] = {}
        choices: list[tuple[Any, str]] = [("", _("Ingen utlysning – en egen idé")), *calls]
        raw = str(self.data.get(self.add_prefix("call"), "")) if self.is_bound else ""
        if raw.isdigit() and int(raw) not in self._open_calls and unavailable_call is not None:
            found = unavailable_call(int(raw))
            if found is not None:
                title, why = found
                self._unavailable[int(raw)] = why
                choices.append((int(raw), title))
        cast(forms.ChoiceField, self.fields["call"]).choices = choices
        cast(forms.ChoiceField, self.fields["needs"]).choices = list(needs)
        # Nothing to choose from: leave the question out.
        if len(choices) == 1:
            del self.fields["call"]
        if not needs:
            del self.fields["needs"]
        if attachment_help:
            self.fields["attachments"].help_text = attachment_help

    def clean_call(self) -> int | None:
        call: int | None = self.cleaned_data.get("call")
        if call is not None and call in self._unavailable:
            raise forms.ValidationError(self._unavailable[call], code="call_closed")
        return call

    def idea_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.idea_fields if name in self.fields]


class NeedForm(PortalForm):
    organization_name = forms.CharField(
        label=gettext_lazy("Företag eller förening (frivilligt)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    title = forms.CharField(
        label=gettext_lazy("Rubrik"),
        max_length=200,
        help_text=gettext_lazy("Några ord som sammanfattar behovet eller problemet."),
        error_messages={"required": gettext_lazy("Ge behovet en rubrik.")},
    )
    description = forms.CharField(
        label=gettext_lazy("Beskriv behovet"),
        help_text=gettext_lazy("Vad är problemet i dag, och när märks det?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": gettext_lazy("Beskriv behovet.")},
    )
    affected = forms.CharField(
        label=gettext_lazy("Vilka berörs? (frivilligt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    municipality_code = forms.ChoiceField(
        label=gettext_lazy("Vilken kommun gäller det? (frivilligt)"),
        required=False,
    )

    contact_fields = ("name", "email", "organization_name", "audience")
    need_fields = ("title", "description", "affected", "municipality_code")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities.form_field(self)

    def need_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.need_fields if name in self.fields]


class ParticipateForm(PortalForm):
    """Support or follow an idea: who you are, and your consent."""
