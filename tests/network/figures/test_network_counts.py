"""The network's part in the figures: publications, adoptions, co-signatures and joint pilots."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from network.adoptions.models import Adoption
from network.exchange.models import CoSignature
from network.figures import dimensions as d
from network.figures import services
from network.pilots.models import Participant, Pilot
from tests.network.adoptions import make as network_make
from tests.network.figures.conftest import kept


def totals(organization, dimension: str) -> dict[str, tuple[int, Decimal]]:  # type: ignore[no-untyped-def]
    found: dict[str, tuple[int, Decimal]] = {}
    for (_m, dim, key, _g), (value, sek) in kept(organization).items():
        if dim == dimension:
            old = found.get(key, (0, Decimal(0)))
            found[key] = (old[0] + value, old[1] + sek)
    return found


class TestTheNetworkFigures:
    def test_count_each_side_of_an_adoption_a_cosignature_and_a_joint_pilot(
        self, tenant_a, tenant_b, figures_on_commit
    ):  # type: ignore[no-untyped-def]
        with figures_on_commit():
            idea = network_make.publication(tenant_a)
            need = network_make.publication(tenant_a, kind="need")
            Adoption.objects.create(
                publication=idea,
                organization=tenant_b,
                category="adapted",
                local_kind="idea",
                local_source_id=7,
            )
            CoSignature.objects.create(
                publication=need,
                organization=tenant_b,
                organization_name=tenant_b.name,
                local_context="Samma behov här.",
                problem_size="large",
            )
            pilot = Pilot.objects.create(organization=tenant_a, title="Pilot", summary="Gemensam.")
            Participant.objects.create(
                pilot=pilot,
                organization=tenant_b,
                status="accepted",
                committed_sek=Decimal("25000.00"),
                decided_at=timezone.now(),
                decided_on=timezone.localdate(),
                decision_reference="IR-2025-12",
                decided_by_route="council",
            )
        # Each row queued a recount of both organisations it names, on commit.
        assert totals(tenant_a, d.PUBLISHED) == {"idea": (1, 0), "need": (1, 0)}
        assert totals(tenant_a, d.ADOPTED_BY_OTHERS) == {"adapted": (1, 0)}
        assert totals(tenant_b, d.ADOPTIONS_MADE) == {"adapted": (1, 0)}
        assert totals(tenant_a, d.COSIGNATURES_RECEIVED) == {"": (1, 0)}
        assert totals(tenant_b, d.COSIGNATURES_GIVEN) == {"": (1, 0)}
        assert totals(tenant_a, d.JOINT_PILOTS) == {"owner": (1, 0)}
        assert totals(tenant_b, d.JOINT_PILOTS) == {"participant": (1, Decimal("25000.00"))}

    def test_every_kept_dimension_is_declared(self, tenant_a, tenant_b):  # type: ignore[no-untyped-def]
        network_make.publication(tenant_a)
        for organization in (tenant_a, tenant_b):
            services.figures_recount(organization_id=organization.pk)
            assert all(d.is_declared(key[1]) for key in kept(organization))
