"""Co-signing and following in the public tables: counts, refusals, nothing half-written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from network.exchange import services
from network.exchange.models import CoSignature, Follow
from shared.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def cosign(publication, organization, person, **fields):
    values = {"local_context": "Samma behov hos oss.", "problem_size": "medium", **fields}
    return services.cosignature_create(
        publication_id=publication.pk, organization=organization, by=person, **values
    )


class TestCoSignatureCreate:
    def test_counts_each_organisation_once_and_records_it(
        self, published, tenant_b, tenant_c, member_of
    ):
        cosign(published.need, tenant_b, member_of(tenant_b, "coach"), affected_count=40)
        cosign(published.need, tenant_c, member_of(tenant_c, "admin"))

        published.need.refresh_from_db()
        assert published.need.cosign_count == 2
        entry = AuditEntry.objects.get(action="network.cosigned", organization=tenant_b)
        assert entry.after == {"problem_size": "medium", "affected_count": 40}

    def test_refuses_a_second_co_signature_and_leaves_the_count(
        self, published, tenant_b, member_of
    ):
        coach = member_of(tenant_b, "coach")
        cosign(published.need, tenant_b, coach)

        with pytest.raises(ValidationError):
            cosign(published.need, tenant_b, coach)

        published.need.refresh_from_db()
        assert published.need.cosign_count == 1
        assert CoSignature.objects.count() == 1

    def test_refuses_a_withdrawn_need_an_idea_and_a_missing_context(
        self, published, tenant_b, member_of
    ):
        coach = member_of(tenant_b, "coach")
        published.need.status = "withdrawn"
        published.need.withdrawn_at = timezone.now()
        published.need.save()

        with pytest.raises(ValidationError) as withdrawn:
            cosign(published.need, tenant_b, coach)
        with pytest.raises(ValidationError) as idea:
            cosign(published.idea, tenant_b, coach)
        with pytest.raises(ValidationError) as no_context:
            cosign(published.method, tenant_b, coach, local_context=" ", problem_size="huge")

        assert "återkallat" in str(withdrawn.value)
        assert "Bara behov" in str(idea.value)
        assert set(no_context.value.message_dict) >= {"local_context", "problem_size"}
        assert not CoSignature.objects.exists()
        assert not AuditEntry.objects.filter(action="network.cosigned").exists()


class TestCoSignatureWithdraw:
    def test_takes_it_back_and_lowers_the_count(self, published, tenant_b, member_of):
        coach = member_of(tenant_b, "coach")
        cosign(published.need, tenant_b, coach)

        services.cosignature_withdraw(
            publication_id=published.need.pk, organization=tenant_b, by=coach
        )

        published.need.refresh_from_db()
        assert published.need.cosign_count == 0
        with pytest.raises(ValidationError):
            services.cosignature_withdraw(
                publication_id=published.need.pk, organization=tenant_b, by=coach
            )


class TestFollowSet:
    def test_is_idempotent_and_refuses_a_withdrawn_item(self, published, tenant_b, member_of):
        person = member_of(tenant_b, "viewer")
        for _ in range(2):
            services.follow_set(
                publication_id=published.idea.pk,
                person=person,
                organization=tenant_b,
                following=True,
            )
        published.method.status = "withdrawn"
        published.method.withdrawn_at = timezone.now()
        published.method.save()

        assert Follow.objects.count() == 1
        with pytest.raises(ValidationError):
            services.follow_set(
                publication_id=published.method.pk,
                person=person,
                organization=tenant_b,
                following=True,
            )
