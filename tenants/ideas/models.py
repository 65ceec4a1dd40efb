"""Ideas (idéer), their pipeline stages and everything said about them."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from shared.core import bounds
from tenants.contacts.models import Audience, Gender
from tenants.references import person_reference


class StageKind(models.TextChoices):
    OPEN = "open", _("Pågående")
    DONE = "done", _("Införd/spridd")
    CLOSED = "closed", _("Avslutad")


class Stage(models.Model):
    """A step of the pipeline, configurable per organisation. Seeded with DOMAIN.md's defaults."""

    key = models.SlugField(_("nyckel"), max_length=40, unique=True)
    name_sv = models.CharField(_("namn (svenska)"), max_length=100)
    name_en = models.CharField(_("namn (engelska)"), max_length=100)
    kind = models.CharField(_("typ"), max_length=8, choices=StageKind.choices)
    position = models.PositiveSmallIntegerField(_("ordning"))
    is_entry = models.BooleanField(
        _("nya idéer hamnar här"), default=False, help_text=_("Exakt ett steg är ingången.")
    )
    is_active = models.BooleanField(_("används"), default=True)

    class Meta:
        verbose_name = _("steg")
        verbose_name_plural = pgettext_lazy("plural", "steg")
        constraints = [
            models.UniqueConstraint(
                fields=["is_entry"], condition=models.Q(is_entry=True), name="stage_one_entry"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=StageKind.values), name="stage_kind_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(is_entry=True, kind="closed"), name="stage_entry_is_not_closed"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The stage's name in the language of the request."""
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv

    @property
    def is_closed(self) -> bool:
        return self.kind == StageKind.CLOSED


class Idea(models.Model):
    """An idea from staff, citizens, businesses or associations, on its way through the lock."""

    registration_number = models.CharField(_("diarienummer"), max_length=16, unique=True)
    registration_year = models.PositiveSmallIntegerField()
    registration_sequence = models.PositiveIntegerField()
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"))
    expected_benefit = models.TextField(_("förväntad nytta"), blank=True)
    unit = models.CharField(_("område eller enhet"), max_length=200, blank=True)
    # In a group of municipalities: which of them this concerns (SCB code; blank: not stated).
    municipality_code = models.CharField(_("kommun"), max_length=4, blank=True, db_index=True)
    tags = ArrayField(
        models.CharField(max_length=50), verbose_name=_("taggar"), default=list, blank=True
    )
    call = models.ForeignKey(
        "calls.IdeaCall",
        verbose_name=_("utlysning"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    needs = models.ManyToManyField(
        "needs.Need", verbose_name=_("behov"), blank=True, related_name="ideas"
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("steg"), on_delete=models.PROTECT, related_name="ideas"
    )
    audience = models.CharField(_("kommer från"), max_length=16, choices=Audience.choices)
    submitted_by = person_reference(_("inlämnad av (medarbetare)"))
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("inlämnad av (via portalen)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    submitter_gender = models.CharField(
        _("kön (frivilligt)"), max_length=8, choices=Gender.choices, blank=True
    )
    is_public = models.BooleanField(_("visas i portalen"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("sammanslagen med"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_ideas",
    )
    # A hash of who submitted what: the same submission twice returns the first idea.
    submission_fingerprint = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(_("inkommen"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    stage_changed_at = models.DateTimeField(_("steg ändrat"), auto_now_add=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="swedish")
        + SearchVector(bounds.indexed_text("description"), weight="B", config="swedish")
        + SearchVector(bounds.indexed_text("expected_benefit"), weight="C", config="swedish"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("idé")
        verbose_name_plural = pgettext_lazy("plural", "idéer")
        constraints = [
            models.UniqueConstraint(
                fields=["registration_year", "registration_sequence"],
                name="idea_registration_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(submitted_by__isnull=False) | models.Q(contact__isnull=False),
                name="idea_has_a_submitter",
            ),
            models.CheckConstraint(
                condition=models.Q(audience__in=Audience.values), name="idea_audience_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(submitter_gender__in=[*Gender.values, ""]),
                name="idea_gender_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")), name="idea_not_merged_into_itself"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="idea_search_gin"),
            GinIndex(fields=["title"], name="idea_title_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["stage", "-created_at"], name="idea_stage_created"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.title}"


class StageChange(models.Model):
    """One move of an idea: who, when, from, to and why. Lead times are measured from these."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(
        Stage,
        verbose_name=_("från"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_stage = models.ForeignKey(
        Stage, verbose_name=_("till"), on_delete=models.PROTECT, related_name="+"
    )
    moved_by = person_reference(_("flyttad av"))
    reason = models.TextField(_("motivering"), blank=True)
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("stegbyte")
        verbose_name_plural = pgettext_lazy("plural", "stegbyten")
        indexes = [models.Index(fields=["idea", "at"], name="stagechange_idea_at")]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_stage_id} → {self.to_stage_id} ({self.at:%Y-%m-%d})"


class Attachment(models.Model):
    """A file attached to an idea; stored under the organisation's schema name."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fil"), upload_to="ideas/%Y/%m/")
    original_name = models.CharField(_("filnamn"), max_length=255)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = pgettext_lazy("plural", "bilagor")

    def __str__(self) -> str:
        return self.original_name


class Comment(models.Model):
    """A public comment, or an internal note only staff see."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField(_("text"))
    is_internal = models.BooleanField(_("intern anteckning"), default=False)
    author = person_reference(_("skriven av"))
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("skriven"), auto_now_add=True)

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = pgettext_lazy("plural", "kommentarer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(author__isnull=False) | models.Q(contact__isnull=False),
                name="comment_has_an_author",
            ),
            models.CheckConstraint(
                condition=~models.Q(is_internal=True, contact__isnull=False),
                name="comment_internal_only_from_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.body[:40]}"


class _PersonOrContact(models.Model):
    """A row that belongs to exactly one staff person or one portal contact."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+")
    person = person_reference(_("person"))
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Support(_PersonOrContact):
    """ "Jag vill också ha detta": one per person or contact and idea."""

    class Meta:
        verbose_name = _("stöd")
        verbose_name_plural = pgettext_lazy("plural", "stöd")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "person"],
                condition=models.Q(person__isnull=False),
                name="support_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["idea", "contact"],
                condition=models.Q(contact__isnull=False),
                name="support_once_per_contact",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) ^ models.Q(contact__isnull=False),
                name="support_person_xor_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"support {self.idea_id}"


class Follow(_PersonOrContact):
    """Someone who gets a mail when the idea moves."""

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = pgettext_lazy("plural", "bevakningar")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "person"],
                condition=models.Q(person__isnull=False),
                name="follow_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["idea", "contact"],
                condition=models.Q(contact__isnull=False),
                name="follow_once_per_contact",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) ^ models.Q(contact__isnull=False),
                name="follow_person_xor_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"follow {self.idea_id}"
