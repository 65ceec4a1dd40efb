"""Every dimension the kept figures hold: one registry, so an undeclared code fails a test.

A dimension is counted per organisation and calendar month (Swedish time).
``month_of`` says which date puts a row in its month; ``keys`` and ``groups``
say what its ``key`` and ``group`` columns hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Dimension:
    code: str
    label: object
    month_of: str
    keys: str
    groups: str = ""
    has_amount: bool = False


IDEAS_RECEIVED = "ideas.received"
IDEAS_AUDIENCE = "ideas.audience"
IDEAS_INFLOW = "ideas.inflow"
IDEAS_STAGE = "ideas.stage"
IDEAS_IMPLEMENTED = "ideas.implemented"
FUNNEL = "funnel"
DECISIONS = "decisions"
TRIALS = "trials"
EVALUATIONS = "evaluations"
LEAD_TIME = "lead_time"
ACTIVITIES = "activities"
PARTICIPANTS = "participants"
MANAGERS_TRAINED = "managers_trained"
PUBLISHED = "network.published"
ADOPTIONS_MADE = "network.adoptions_made"
ADOPTED_BY_OTHERS = "network.adopted_by_others"
COSIGNATURES_GIVEN = "network.cosignatures_given"
COSIGNATURES_RECEIVED = "network.cosignatures_received"
JOINT_PILOTS = "network.joint_pilots"

# Inflow keys: an answer to a call, or the open inflow.
INFLOW_CALL = "call"
INFLOW_OPEN = "open"

# Funnel steps of a month's cohort of ideas, as in the organisation's own equality analysis.
FUNNEL_STEPS = ("submitted", "coached", "decided", "funded", "tested", "implemented")
NOT_STATED = "not_stated"  # a submitter who left gender blank

REGISTRY: dict[str, Dimension] = {
    d.code: d
    for d in (
        Dimension(IDEAS_RECEIVED, _("Inkomna idéer"), "idea received", "-"),
        Dimension(IDEAS_AUDIENCE, _("Inkomna idéer efter avsändare"), "idea received", "audience"),
        Dimension(
            IDEAS_INFLOW,
            _("Inkomna idéer: utlysning eller öppet inflöde"),
            "idea received",
            "call/open",
        ),
        Dimension(
            IDEAS_STAGE,
            _("Inkomna idéer efter steg i dag"),
            "idea received",
            "stage key",
            "stage kind",
        ),
        Dimension(IDEAS_IMPLEMENTED, _("Införda idéer"), "moved to a done stage", "-"),
        Dimension(
            FUNNEL,
            _("Idéflödet för månadens inkomna idéer"),
            "idea received",
            "funnel step",
            "'' | gender:<g> | audience:<a>",
            has_amount=True,
        ),
        Dimension(
            DECISIONS, _("Beslut i idérådet"), "decided on", "decision kind", has_amount=True
        ),
        Dimension(TRIALS, _("Tester och piloter"), "starts on", "status now", "test/pilot"),
        Dimension(EVALUATIONS, _("Utvärderingar"), "evaluated on", "recommendation"),
        Dimension(LEAD_TIME, _("Ledtider"), "move out of the stage", "stage key", "whole days"),
        Dimension(ACTIVITIES, _("Aktiviteter"), "held on", "activity kind"),
        Dimension(PARTICIPANTS, _("Deltagare"), "held on", "activity kind"),
        Dimension(MANAGERS_TRAINED, _("Utbildade chefer"), "held on", "-"),
        Dimension(PUBLISHED, _("Publicerat i nätverket"), "published at", "publication kind"),
        Dimension(
            ADOPTIONS_MADE, _("Idéer och metoder tagna från andra"), "adopted at", "category"
        ),
        Dimension(
            ADOPTED_BY_OTHERS, _("Egna idéer och metoder tagna av andra"), "adopted at", "category"
        ),
        Dimension(COSIGNATURES_GIVEN, _("Medundertecknade behov hos andra"), "co-signed at", "-"),
        Dimension(
            COSIGNATURES_RECEIVED, _("Egna behov medundertecknade av andra"), "co-signed at", "-"
        ),
        Dimension(
            JOINT_PILOTS,
            _("Gemensamma piloter"),
            "created (owner) or decided (participant)",
            "owner/participant",
            has_amount=True,
        ),
    )
}


def is_declared(code: str) -> bool:
    return code in REGISTRY
