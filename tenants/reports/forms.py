"""The period a report covers, as the pages and downloads ask for it (?year=, ?from=, ?to=)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shared.core.forms import BoundedDateField
from tenants import municipalities

WRONG_ORDER = _("Periodens slutdatum ligger före startdatumet.")
YEAR_AND_PERIOD = _("Välj antingen ett år eller en period, inte båda.")


def _date_field(label: Any) -> forms.DateField:
    return BoundedDateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class _PeriodForm(forms.Form):
    """``from`` and ``to`` are Python keywords, so the fields are added by name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from"] = _date_field(_("Från och med"))
        self.fields["to"] = _date_field(_("Till och med"))
        # A group of municipalities: each municipality may see its own share.
        self.fields["municipality"] = forms.ChoiceField(label=_("Kommun"), required=False)
        municipalities.filter_field(self)

    def municipality_code(self) -> str:
        """The municipality asked for ("" for all); call after ``is_valid()``."""
        return str(self.cleaned_data.get("municipality") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise forms.ValidationError(WRONG_ORDER, code="wrong_order")
        return cleaned


class DashboardForm(_PeriodForm):
    """A calendar year, or a period (either end may be open); nothing: all time."""

    year = forms.IntegerField(label=_("År"), required=False, min_value=2000, max_value=2100)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("year") and (cleaned.get("from") or cleaned.get("to")):
            raise forms.ValidationError(YEAR_AND_PERIOD, code="year_and_period")
        return cleaned

    def dashboard_arguments(self) -> dict[str, Any]:
        """The arguments of ``selectors.dashboard``; call after ``is_valid()``."""
        return {
            "year": self.cleaned_data.get("year"),
            "period_from": self.cleaned_data.get("from"),
            "period_to": self.cleaned_data.get("to"),
            "municipality_code": self.municipality_code(),
        }


MONTH_START = _("Perioden börjar den första dagen i en månad.")
MONTH_END = _("Perioden slutar den sista dagen i en månad.")
MONTH_NOT_OVER = _(
    "Perioden slutar senast den sista dagen i förra månaden: "
    "en månad som pågår skulle låta en enskild idégivare räknas fram."
)


def _last_day_of_last_month() -> datetime.date:
    return timezone.localdate().replace(day=1) - datetime.timedelta(days=1)


def default_equality_period() -> tuple[datetime.date, datetime.date]:
    """This year's months that have ended; in January, last year."""
    end = _last_day_of_last_month()
    return datetime.date(end.year, 1, 1), end


def equality_period_errors(start: datetime.date, end: datetime.date) -> dict[str, list[Any]]:
    """Why the equality analysis is not shown for ``start``–``end`` (nothing: it is).

    Only whole months that have ended: two periods then differ by whole months,
    whose small groups the analysis hides (see ``selectors.equality_funnel``).
    Any two days, or a month still filling, would show one person's idea as
    the difference of two figures.
    """
    errors: dict[str, list[Any]] = {}
    if start.day != 1:
        errors["from"] = [MONTH_START]
    if (end + datetime.timedelta(days=1)).day != 1:
        errors["to"] = [MONTH_END]
    elif end > _last_day_of_last_month():
        errors["to"] = [MONTH_NOT_OVER]
    return errors


class EqualityForm(_PeriodForm):
    """The days whose submitted ideas the analysis follows; this year so far by default."""

    @classmethod
    def for_query(cls, query: Any) -> EqualityForm:
        """A form for ``?from=&to=``; an end left out is filled in from the default period.

        Without a start, the period starts on 1 January of its end's year.
        """
        data = query.copy()
        start, end = default_equality_period()
        if not data.get("to"):
            data["to"] = end.isoformat()
        if not data.get("from"):
            try:
                year = datetime.date.fromisoformat(data["to"]).year
            except ValueError:
                year = start.year
            data["from"] = datetime.date(year, 1, 1).isoformat()
        return cls(data)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in ("from", "to"):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("Ange ett datum."))
        if cleaned.get("from") and cleaned.get("to"):
            for name, messages in equality_period_errors(cleaned["from"], cleaned["to"]).items():
                for message in messages:
                    self.add_error(name, message)
        return cleaned

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The period asked for; call after ``is_valid()``."""
        return self.cleaned_data["from"], self.cleaned_data["to"]
