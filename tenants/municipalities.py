"""Which of a group's municipalities something concerns (SCB codes among the organisation's own).

A group of municipalities runs one idea lock together; an idea, a need or a
member then belongs to one of them, so that each municipality can see its own
share. An organisation of one municipality has nothing to choose: its rows
leave the code blank.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from shared.core import geography, tenancy
from shared.organizations.models import OrganizationKind


def _tenant() -> Any:
    """The current organisation; under ``schema_context`` (a stand-in tenant) read from its row."""
    tenant = getattr(connection, "tenant", None)
    if tenant is None or hasattr(tenant, "municipality_codes"):
        return tenant
    from shared.organizations.models import Organization

    return Organization.objects.filter(schema_name=tenancy.current_schema_name()).first()


def is_group() -> bool:
    """Whether the current organisation is a group of municipalities."""
    tenant = _tenant()
    return tenant is not None and tenant.kind == OrganizationKind.MUNICIPALITY_GROUP


def codes() -> list[str]:
    """The current organisation's municipality codes, the host municipality first."""
    tenant = _tenant()
    return list(tenant.municipality_codes) if tenant is not None else []


def choices() -> list[tuple[str, str]]:
    """(code, name) of the group's municipalities, or nothing for a single municipality."""
    if not is_group():
        return []
    known = geography.municipalities()
    return [(code, known[code].name if code in known else code) for code in codes()]


def name_of(code: str) -> str:
    """The municipality's name, or blank for a blank code."""
    if not code:
        return ""
    known = geography.municipalities()
    return known[code].name if code in known else code


def errors_for(code: str) -> list[str]:
    """Why ``code`` cannot be recorded here (empty when it can)."""
    if not code:
        return []
    if not is_group():
        return [_("Organisationen tjänar en kommun; ange ingen kommun.")]
    if code not in codes():
        return [
            _("Välj en av organisationens kommuner: %(names)s.")
            % {"names": ", ".join(name for _code, name in choices())}
        ]
    return []


def home_of(person: Any) -> str:
    """The member's home municipality in the current group (blank when not stated)."""
    tenant = _tenant()
    if person is None or tenant is None or not is_group():
        return ""
    from shared.accounts.models import Membership

    code = (
        Membership.objects.filter(person_id=person.pk, organization_id=tenant.pk)
        .values_list("home_municipality_code", flat=True)
        .first()
    )
    return code or ""


def form_field(form: Any, *, initial: str = "", name: str = "municipality_code") -> None:
    """Offer the group's municipalities in ``form``'s choice field ``name``; drop it elsewhere."""
    if not is_group():
        form.fields.pop(name, None)
        return
    form.fields[name].choices = [("", _("Ingen särskild kommun")), *choices()]
    if initial and not form.is_bound:
        form.initial.setdefault(name, initial)


def filter_field(form: Any, *, name: str = "municipality") -> None:
    """Offer the group's municipalities as a filter in ``form``'s field ``name``, or drop it."""
    if not is_group():
        form.fields.pop(name, None)
        return
    form.fields[name].choices = [("", _("Alla")), *choices()]
