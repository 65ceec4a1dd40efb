"""Reads the idea page and the API need beyond ``selectors``: the parts of one idea's page.

Kept apart from ``selectors`` (the pipeline's reads) so the two can change
independently; everything here is read-only and runs in the current schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count, Q, QuerySet

from shared.accounts.models import Person
from tenants.ideas import selectors
from tenants.ideas.models import Attachment, Comment, Follow, Idea, StageChange, Support
from tenants.needs.models import Need


@dataclass(frozen=True)
class Participation:
    support_count: int
    follow_count: int
    is_supported_by_me: bool
    is_followed_by_me: bool


@dataclass(frozen=True)
class IdeaDetail:
    """What the idea page shows beside the idea itself."""

    needs: list[Need]
    history: list[StageChange]
    attachments: list[Attachment]
    comments: list[Comment]
    support_count: int
    follow_count: int
    is_supported_by_me: bool
    is_followed_by_me: bool


def person_name(person: Any) -> str | None:
    """The name of a person of this organisation's staff, or None for no one."""
    return person.full_name if person is not None else None


def submitter_of(idea: Idea) -> dict[str, str] | None:
    """Who submitted ``idea``: personal data, for roles with ``ideas.view_internal`` only."""
    if idea.contact_id is not None and idea.contact is not None:
        contact = idea.contact
        return {
            "kind": "contact",
            "name": contact.name,
            "email": contact.email,
            "organization": contact.organization_name,
        }
    person = cast(Person | None, idea.submitted_by)
    if person is None:
        return None
    return {"kind": "staff", "name": person.full_name, "email": person.email, "organization": ""}


def comment_list(*, idea: Idea, include_internal: bool) -> QuerySet[Comment]:
    """Comments on ``idea``, oldest first; internal notes only when ``include_internal``."""
    comments = (
        Comment.objects.filter(idea=idea)
        .select_related("author", "contact")
        .order_by("created_at", "pk")
    )
    if not include_internal:
        comments = comments.filter(is_internal=False)
    return comments


def participation(*, idea: Idea, person: Any) -> Participation:
    """How many support and follow ``idea``, and whether ``person`` does."""
    me = Q(person_id=getattr(person, "pk", None))
    support = Support.objects.filter(idea=idea).aggregate(
        n=Count("pk"), mine=Count("pk", filter=me)
    )
    follow = Follow.objects.filter(idea=idea).aggregate(n=Count("pk"), mine=Count("pk", filter=me))
    return Participation(
        support_count=support["n"],
        follow_count=follow["n"],
        is_supported_by_me=support["mine"] > 0,
        is_followed_by_me=follow["mine"] > 0,
    )


def idea_detail(*, idea: Idea, person: Any, include_internal: bool) -> IdeaDetail:
    """The needs, history, files, comments and counts of ``idea``, as ``person`` may see them.

    Uses what ``selectors.idea_get`` prefetched; the people who moved the idea
    (in the public schema) come in one query.
    """
    counts = participation(idea=idea, person=person)
    history = selectors.idea_history(idea=idea)
    _attach_movers(history)
    return IdeaDetail(
        needs=sorted(idea.needs.all(), key=lambda need: (need.title, need.pk)),
        history=history,
        attachments=sorted(idea.attachments.all(), key=lambda a: (a.uploaded_at, a.pk)),
        comments=list(comment_list(idea=idea, include_internal=include_internal)),
        support_count=counts.support_count,
        follow_count=counts.follow_count,
        is_supported_by_me=counts.is_supported_by_me,
        is_followed_by_me=counts.is_followed_by_me,
    )


def _attach_movers(history: list[StageChange]) -> None:
    ids = {change.moved_by_id for change in history if change.moved_by_id is not None}
    people = {person.pk: person for person in Person.objects.filter(pk__in=ids)} if ids else {}
    for change in history:
        change.moved_by = people.get(change.moved_by_id) if change.moved_by_id else None


def ideas_by_ids(*, ids: list[int]) -> list[Idea]:
    """The ideas with these ids that exist here, in the order asked for."""
    found = {idea.pk: idea for idea in Idea.objects.select_related("stage").filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def idea_row(*, pk: int) -> Idea | None:
    """The idea ``pk`` with its stage and what it was merged into, or None."""
    return Idea.objects.select_related("stage", "merged_into").filter(pk=pk).first()


def attachment_get(*, idea_id: int, pk: int) -> Attachment:
    """One attachment of an idea. Raises ``Attachment.DoesNotExist``."""
    return Attachment.objects.get(idea_id=idea_id, pk=pk)


def idea_by_registration_number(number: str) -> Idea | None:
    """The idea with this registration number (diarienummer), or None."""
    return Idea.objects.select_related("stage").filter(registration_number=number).first()
