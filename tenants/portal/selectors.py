"""Reads of the public portal: what anyone may see of an organisation's idea lock.

Everything leaves here as a small frozen projection (``PublicIdea``, …)
holding only public fields, so no template can reach a submitter's name,
e-mail, organisation or gender, nor an internal comment, by accident.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from tenants.calls import selectors as call_selectors
from tenants.calls.models import IdeaCall
from tenants.contacts.models import Contact
from tenants.contacts.services import PORTAL_AUDIENCES
from tenants.ideas import selectors as idea_selectors
from tenants.ideas.models import Comment, Follow, Idea, StageChange, StageKind, Support
from tenants.ideas.selectors import IdeaFilters
from tenants.needs.models import Need, NeedStatus


@dataclass(frozen=True)
class PublicStep:
    """One move of an idea as the public sees it: where to and when; why, if it was closed."""

    stage: str
    at: datetime.datetime
    is_closed: bool
    reason: str


@dataclass(frozen=True)
class PublicIdea:
    pk: int
    registration_number: str
    title: str
    description: str
    expected_benefit: str
    stage: str
    stage_kind: str
    created_at: datetime.datetime
    history: tuple[PublicStep, ...]
    call: tuple[int, str] | None  # (pk, title) when the call is a public one
    merged_into: tuple[int, str] | None  # (pk, registration number) when that idea is public
    support_count: int
    is_public: bool

    @property
    def is_closed(self) -> bool:
        return self.stage_kind == StageKind.CLOSED

    @property
    def closing_reason(self) -> str:
        """Why the idea was closed; the submitter always gets to see it."""
        if not self.is_closed:
            return ""
        closing = [step for step in self.history if step.is_closed]
        return closing[-1].reason if closing else ""


@dataclass(frozen=True)
class PublicComment:
    body: str
    created_at: datetime.datetime
    from_staff: bool


@dataclass(frozen=True)
class ContactIdea:
    """An idea on a contact's own page: theirs, or one they follow."""

    idea: PublicIdea
    is_mine: bool
    is_followed: bool


@dataclass(frozen=True)
class ContactNeed:
    title: str
    status: str
    created_at: datetime.datetime


def _public_calls() -> QuerySet[IdeaCall]:
    return IdeaCall.objects.filter(audiences__overlap=list(PORTAL_AUDIENCES))


def open_calls() -> list[IdeaCall]:
    """Calls open today to citizens, businesses or associations, closing soonest first."""
    return list(
        call_selectors.call_list(state=call_selectors.CallState.OPEN)
        .filter(audiences__overlap=list(PORTAL_AUDIENCES))
        .order_by("closes_on", "pk")
    )


def public_call_get(*, pk: int) -> IdeaCall:
    """A call meant for the public, open or not. Raises ``IdeaCall.DoesNotExist``."""
    return call_selectors.call_list().filter(audiences__overlap=list(PORTAL_AUDIENCES)).get(pk=pk)


def call_is_open(call: IdeaCall) -> bool:
    return call_selectors.call_is_open(call)


def call_unavailable(pk: int) -> IdeaCall | None:
    """The public call ``pk`` if it exists but takes no ideas today, else None."""
    call = _public_calls().filter(pk=pk).first()
    if call is None or call_selectors.call_is_open(call):
        return None
    return call


def needs_of_open_calls(calls: Iterable[IdeaCall]) -> list[Need]:
    """Needs an idea may answer on the portal: those that open public calls were published with.

    The rest of the needs bank is the organisation's internal material.
    """
    needs: dict[int, Need] = {}
    for call in calls:
        for need in call.needs.all():
            if need.status in (NeedStatus.OPEN, NeedStatus.BEING_ADDRESSED):
                needs.setdefault(need.pk, need)
    return sorted(needs.values(), key=lambda need: (need.title, need.pk))


def _history_prefetch() -> Prefetch:
    return Prefetch(
        "stage_changes",
        queryset=StageChange.objects.select_related("to_stage").order_by("at", "pk"),
        to_attr="public_history",
    )


def _project(idea: Idea) -> PublicIdea:
    changes: Sequence[StageChange] = getattr(idea, "public_history", None) or (
        idea_selectors.idea_history(idea=idea)
    )
    history = tuple(
        PublicStep(
            stage=change.to_stage.name,
            at=change.at,
            is_closed=change.to_stage.is_closed,
            reason=change.reason if change.to_stage.is_closed else "",
        )
        for change in changes
    )
    call = idea.call
    if call is not None and not set(call.audiences) & set(PORTAL_AUDIENCES):
        call = None  # a call for staff only is not the public's business
    merged = idea.merged_into
    if merged is not None and not merged.is_public:
        merged = None
    return PublicIdea(
        pk=idea.pk,
        registration_number=idea.registration_number,
        title=idea.title,
        description=idea.description,
        expected_benefit=idea.expected_benefit,
        stage=idea.stage.name,
        stage_kind=idea.stage.kind,
        created_at=idea.created_at,
        history=history,
        call=(call.pk, call.title) if call else None,
        merged_into=(merged.pk, merged.registration_number) if merged else None,
        # Annotated by the ideas selectors; support is given only from confirmed addresses.
        support_count=getattr(idea, "support_count", 0),
        is_public=idea.is_public,
    )


def _with_public_relations(ideas: QuerySet[Idea]) -> QuerySet[Idea]:
    return ideas.select_related("stage", "call", "merged_into").prefetch_related(
        _history_prefetch()
    )


def _projected(ideas: Iterable[Idea]) -> list[PublicIdea]:
    return [_project(idea) for idea in ideas]


def public_idea_queryset(*, query: str = "", call_id: int | None = None) -> QuerySet[Idea]:
    """Ideas the organisation shows in its portal: newest first, or best match when searching."""
    ideas = idea_selectors.idea_list(
        filters=IdeaFilters(public_only=True, q=query or None, call_id=call_id)
    )
    ideas = ideas.filter(is_public=True)  # the portal's promise, whatever the filters do
    return _with_public_relations(ideas)


def public_ideas(ideas: Iterable[Idea]) -> list[PublicIdea]:
    """The public projection of a page of ``public_idea_queryset``."""
    return _projected(ideas)


def public_idea_get(*, pk: int) -> PublicIdea:
    """A public idea. Raises ``Idea.DoesNotExist`` for one that is not public."""
    idea = _with_public_relations(
        idea_selectors.idea_list(filters=IdeaFilters(public_only=True)).filter(is_public=True)
    ).get(pk=pk)
    return _projected([idea])[0]


def public_comments(*, idea_id: int) -> list[PublicComment]:
    """Public comments on an idea, oldest first; internal notes never."""
    comments = (
        Comment.objects.filter(idea_id=idea_id, is_internal=False)
        .order_by("created_at", "pk")
        .only("body", "created_at", "author_id", "contact_id")
    )
    return [
        PublicComment(body=c.body, created_at=c.created_at, from_staff=c.author_id is not None)
        for c in comments
    ]


def similar_public_ideas(*, text: str, limit: int = 5) -> list[PublicIdea]:
    """Public ideas that resemble ``text``, most similar first."""
    found = [
        idea
        for idea in idea_selectors.ideas_similar(text=text, limit=limit, public_only=True)
        if idea.is_public
    ]
    return [
        PublicIdea(
            pk=idea.pk,
            registration_number=idea.registration_number,
            title=idea.title,
            description="",
            expected_benefit="",
            stage="",
            stage_kind="",
            created_at=idea.created_at,
            history=(),
            call=None,
            merged_into=None,
            support_count=0,
            is_public=True,
        )
        for idea in found
    ]


def contact_ideas(*, contact: Contact) -> list[ContactIdea]:
    """The ideas a contact submitted (public or not) or follows (while public), newest first."""
    followed = set(Follow.objects.filter(contact=contact).values_list("idea_id", flat=True))
    ideas = list(
        _with_public_relations(
            idea_selectors.idea_list(filters=IdeaFilters()).filter(
                Q(contact=contact) | Q(pk__in=followed, is_public=True)
            )
        )
    )
    mine = {idea.pk for idea in ideas if idea.contact_id == contact.pk}
    return [
        ContactIdea(
            idea=projection, is_mine=projection.pk in mine, is_followed=projection.pk in followed
        )
        for projection in _projected(ideas)
    ]


def contact_needs(*, contact: Contact) -> list[ContactNeed]:
    """The needs a contact submitted, newest first."""
    return [
        ContactNeed(title=need.title, status=need.get_status_display(), created_at=need.created_at)
        for need in Need.objects.filter(contact=contact).order_by("-created_at", "-pk")
    ]


def contact_supported_ids(*, contact: Contact) -> set[int]:
    """The ideas a contact supports."""
    return set(Support.objects.filter(contact=contact).values_list("idea_id", flat=True))
