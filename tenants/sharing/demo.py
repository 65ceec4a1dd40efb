"""Demo: needs published to the network by several demo organisations, and co-signed by others.

Piteå and Skellefteå's shared needs, the Tranås group's, Örebro's and the
Sundsvall region's: each organisation's admin publishes through the lock's own
services in its own schema, and other organisations say "vi har också detta
behov". Running it twice changes nothing. (Tenant side, so that the arrow
points from ``tenants`` to ``network``; ``shared.core.demo`` calls it.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django_tenants.utils import tenant_context

from network.exchange import services as exchange_services
from network.exchange.models import CoSignature, Publication, PublicationKind
from shared.accounts.models import Person
from shared.organizations.models import Organization
from tenants.needs import services as need_services
from tenants.needs.models import Need
from tenants.sharing import services


@dataclass(frozen=True)
class DemoNeed:
    slug: str
    title: str
    description: str
    unit: str
    contact_role: str
    # (organisation slug, local context, problem size, people affected)
    cosigners: tuple[tuple[str, str, str, int | None], ...] = ()


DEMO_NETWORK_NEEDS = (
    DemoNeed(
        "pitea-skelleftea",
        "Ensamhet bland äldre i glesbygden",
        "Äldre som bor långt från centralorten träffar få människor, särskilt vintertid. "
        "Vi söker sätt att skapa möten som inte kräver långa resor.",
        "Äldreomsorg",
        "Idéslussen i Piteå och Skellefteå",
        (
            (
                "tranas",
                "Samma bild i Ydre och Kinda: långa avstånd och få mötesplatser.",
                "large",
                900,
            ),
            ("sundsvallsregionen", "Gäller främst Ånge och norra Timrå.", "medium", 400),
            ("orebro", "Mindre i staden, men stort på landsbygden runt Örebro.", "small", 150),
        ),
    ),
    DemoNeed(
        "tranas",
        "Kompetensförsörjning i äldreomsorgen",
        "Svårt att rekrytera undersköterskor till hemtjänsten i de mindre orterna.",
        "Vård och omsorg",
        "Idéslussen i Tranås, Kinda, Aneby och Ydre",
        (
            (
                "pitea-skelleftea",
                "Vi saknar ett trettiotal undersköterskor varje sommar.",
                "large",
                None,
            ),
            ("sundsvallsregionen", "Hemtjänsten i Timrå har samma problem.", "medium", None),
            ("lerum", "Framför allt nattpatrullen.", "small", None),
        ),
    ),
    DemoNeed(
        "tranas",
        "Kommunal service på landsbygden",
        "Invånare långt från centralorten når inte kommunens service på ett enkelt sätt.",
        "Kommunledningen",
        "Idéslussen i Tranås, Kinda, Aneby och Ydre",
        (("pitea-skelleftea", "Byarna i inlandet saknar servicepunkter.", "medium", 2000),),
    ),
    DemoNeed(
        "orebro",
        "Matsvinn i skolköken",
        "Skolköken slänger en stor del av maten. Vi vill minska svinnet utan att eleverna "
        "äter sämre.",
        "Skola och måltider",
        "Innovationsenheten, Örebro kommun",
        (
            (
                "lerum",
                "Vi mäter svinnet sedan i höstas och ligger på ungefär samma nivå.",
                "medium",
                None,
            ),
        ),
    ),
    DemoNeed(
        "sundsvallsregionen",
        "Fler idéer från företag till kommunens utmaningar",
        "Vi vill att lokala företag och inkubatorn hittar kommunens behov och svarar med "
        "lösningar, i stället för att vi upphandlar färdiga produkter.",
        "Näringsliv",
        "Idéslussen i Sundsvallsregionen",
    ),
)


def _admin_of(slug: str) -> Person | None:
    short = {"pitea-skelleftea": "pitea", "sundsvallsregionen": "sundsvall"}.get(slug, slug)
    return Person.objects.filter(email=f"admin.{short}@example.org").first()


def seed(*, log: Callable[[str], object] = print) -> dict[str, int]:
    """Publish the demo needs and co-sign them; return how many of each were made."""
    created = {"network_needs": 0, "cosignatures": 0}
    organizations = {o.slug: o for o in Organization.objects.filter(slug__in=_slugs())}
    for demo in DEMO_NETWORK_NEEDS:
        origin = organizations.get(demo.slug)
        admin = _admin_of(demo.slug)
        if origin is None or admin is None:
            continue
        with tenant_context(origin):
            need = Need.objects.filter(title=demo.title).first()
            if need is None:
                need = need_services.need_submit(
                    title=demo.title, description=demo.description, unit=demo.unit, by=admin
                )
            publication = Publication.objects.filter(
                organization=origin, kind=PublicationKind.NEED, source_id=need.pk
            ).first()
            if publication is None or not publication.is_published:
                publication = services.publication_publish(
                    kind=PublicationKind.NEED,
                    source_id=need.pk,
                    by=admin,
                    contact_role=demo.contact_role,
                )
                created["network_needs"] += 1
                log(f"  network: {demo.slug} published ”{demo.title}”")
        for slug, context, size, affected in demo.cosigners:
            cosigner = organizations.get(slug)
            by = _admin_of(slug)
            if cosigner is None or by is None:
                continue
            if CoSignature.objects.filter(publication=publication, organization=cosigner).exists():
                continue
            exchange_services.cosignature_create(
                publication_id=publication.pk,
                organization=cosigner,
                by=by,
                local_context=context,
                problem_size=size,
                affected_count=affected,
            )
            created["cosignatures"] += 1
    return created


def _slugs() -> set[str]:
    return {demo.slug for demo in DEMO_NETWORK_NEEDS} | {
        slug for demo in DEMO_NETWORK_NEEDS for slug, *_rest in demo.cosigners
    }
