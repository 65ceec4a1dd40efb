"""Demo data: the organisations of the Vinnova idea-lock projects, and a person for every role.

Everything here is labelled demo: the people have example.org addresses and
"Demo" in their names. Running it twice changes nothing.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_tenants.utils import tenant_context

from shared.accounts.models import Membership, Person, PlatformRole, Role
from shared.core import demo_texts, demo_year
from shared.organizations import services as organization_services
from shared.organizations.models import Organization, OrganizationKind, OrganizationStatus

DEMO_PASSWORD = "idesluss-demo"  # noqa: S105 - printed for the demo, only ever on demo people


@dataclass(frozen=True)
class DemoOrganization:
    slug: str
    name: str
    kind: str
    codes: tuple[str, ...]


DEMO_ORGANIZATIONS = (
    DemoOrganization(
        "sundsvallsregionen",
        "Idésluss Sundsvallsregionen",
        OrganizationKind.MUNICIPALITY_GROUP,
        ("2281", "2262", "2280", "2260"),
    ),
    DemoOrganization(
        "pitea-skelleftea",
        "Idésluss Piteå och Skellefteå",
        OrganizationKind.MUNICIPALITY_GROUP,
        ("2581", "2482"),
    ),
    DemoOrganization("orebro", "Örebro kommun", OrganizationKind.MUNICIPALITY, ("1880",)),
    DemoOrganization("lerum", "Lerums kommun", OrganizationKind.MUNICIPALITY, ("1441",)),
    DemoOrganization(
        "tranas",
        "Idésluss Tranås, Kinda, Aneby och Ydre",
        OrganizationKind.MUNICIPALITY_GROUP,
        ("0687", "0513", "0604", "0512"),
    ),
    DemoOrganization(
        "akroken", "Åkroken Business Incubator (demo)", OrganizationKind.PARTNER, ("2281",)
    ),
)

DEMO_SLUGS = frozenset(demo.slug for demo in DEMO_ORGANIZATIONS)

# (e-mail, name, organisation slug, role): one person per role in Tranås, an
# admin everywhere, and one person in two organisations to show the switcher.
DEMO_MEMBERS = (
    ("admin.tranas@example.org", "Demo Admin Tranås", "tranas", Role.ADMIN),
    ("coach.tranas@example.org", "Demo Idécoach Tranås", "tranas", Role.COACH),
    ("radet.tranas@example.org", "Demo Rådsledamot Tranås", "tranas", Role.COUNCIL_MEMBER),
    ("medarbetare.tranas@example.org", "Demo Medarbetare Tranås", "tranas", Role.STAFF),
    ("lasare.tranas@example.org", "Demo Läsare Tranås", "tranas", Role.VIEWER),
    ("admin.sundsvall@example.org", "Demo Admin Sundsvall", "sundsvallsregionen", Role.ADMIN),
    ("admin.pitea@example.org", "Demo Admin Piteå", "pitea-skelleftea", Role.ADMIN),
    ("admin.orebro@example.org", "Demo Admin Örebro", "orebro", Role.ADMIN),
    ("admin.lerum@example.org", "Demo Admin Lerum", "lerum", Role.ADMIN),
    ("partner@example.org", "Demo Partner Åkroken", "akroken", Role.ADMIN),
    ("flera@example.org", "Demo Coach i två kommuner", "tranas", Role.COACH),
    ("flera@example.org", "Demo Coach i två kommuner", "lerum", Role.STAFF),
    # A coach and a council member in every idea lock, and staff who submit ideas.
    *(
        (f"{kind}.{short}@example.org", f"Demo {title} {place}", slug, role)
        for slug, short, place in (
            ("sundsvallsregionen", "sundsvall", "Sundsvall"),
            ("pitea-skelleftea", "pitea", "Piteå"),
            ("orebro", "orebro", "Örebro"),
            ("lerum", "lerum", "Lerum"),
        )
        for kind, title, role in (
            ("coach", "Idécoach", Role.COACH),
            ("radet", "Rådsledamot", Role.COUNCIL_MEMBER),
        )
    ),
    *(
        (
            f"{first.lower()}.{last.lower()}.{slug}@example.org",
            f"{first} {last} (demo)",
            slug,
            Role.STAFF,
        )
        for slug in ("tranas", "sundsvallsregionen", "pitea-skelleftea", "orebro", "lerum")
        for first, last, _gender in demo_texts.STAFF_NAMES[:4]
    ),
)
DEMO_PLATFORM_PEOPLE = (
    ("plattform@example.org", "Demo Plattformsadmin", PlatformRole.PLATFORM_STAFF),
    ("samordnare@example.org", "Demo Nationell samordnare", PlatformRole.NATIONAL_COORDINATOR),
)

# Needs taken from what the Tranås project wrote about its own work.
DEMO_NEEDS = {
    "tranas": (
        (
            "Kompetensförsörjning i äldreomsorgen",
            "Svårt att rekrytera undersköterskor till hemtjänsten i de mindre orterna.",
            "Vård och omsorg",
        ),
        (
            "Kommunal service på landsbygden",
            "Invånare långt från centralorten når inte kommunens service på ett enkelt sätt.",
            "Kommunledningen",
        ),
    ),
}


def demo_seed(*, log: object = print) -> dict[str, int]:
    """Create what is missing of the demo; return how many of each thing were created."""
    created = {"organizations": 0, "people": 0, "memberships": 0, "needs": 0}
    for demo in DEMO_ORGANIZATIONS:
        if Organization.objects.filter(slug=demo.slug).exists():
            continue
        organization_services.organization_provision(
            name=demo.name,
            slug=demo.slug,
            kind=demo.kind,
            municipality_codes=demo.codes,
            status=OrganizationStatus.ACTIVE,
        )
        created["organizations"] += 1
        log(f"  organisation {demo.slug}")  # type: ignore[operator]

    with transaction.atomic():
        for email, name, platform_role in DEMO_PLATFORM_PEOPLE:
            _, was_created = _person(email, name, platform_role)
            created["people"] += was_created
        for email, name, slug, role in DEMO_MEMBERS:
            person, was_created = _person(email, name, PlatformRole.NONE)
            created["people"] += was_created
            _membership, membership_created = Membership.objects.get_or_create(
                person=person,
                organization=Organization.objects.get(slug=slug),
                defaults={"role": role},
            )
            created["memberships"] += membership_created

    for slug, needs in DEMO_NEEDS.items():
        organization = Organization.objects.get(slug=slug)
        with tenant_context(organization):
            from tenants.needs.models import Need

            for title, description, unit in needs:
                _need, need_created = Need.objects.get_or_create(
                    title=title, defaults={"description": description, "unit": unit}
                )
                created["needs"] += need_created
    # The idea lock's year in every demo organisation, before the network's demos build on it.
    for demo in DEMO_ORGANIZATIONS:
        organization = Organization.objects.get(slug=demo.slug)
        started = time.monotonic()
        with tenant_context(organization):
            year = demo_year.seed(organization=organization)
        for what, n in year.items():
            created[what] = created.get(what, 0) + n
        if year:
            log(  # type: ignore[operator]
                f"  {demo.slug}: {year.get('ideas', 0)} ideas and their year "
                f"({time.monotonic() - started:.1f} s)"
            )
    from tenants.adopted import demo as adoption_demo
    from tenants.sharing import demo as sharing_demo

    created.update(sharing_demo.seed(log=log))  # type: ignore[arg-type]
    created.update(adoption_demo.seed(log=log))  # type: ignore[arg-type]
    from tenants.jointpilots import demo as pilot_demo

    created.update(pilot_demo.seed(log=log))  # type: ignore[arg-type]
    from billing import demo as billing_demo

    created.update(billing_demo.seed(log=log))  # type: ignore[arg-type]
    # Last: the national figures count what the other demos made.
    from network.figures import demo as figures_demo

    created.update(figures_demo.seed(log=log))  # type: ignore[arg-type]
    return created


def _person(email: str, name: str, platform_role: str) -> tuple[Person, bool]:
    person = Person.objects.filter(email__iexact=email).first()
    if person is not None:
        return person, False
    person = Person(
        email=email,
        full_name=name,
        platform_role=platform_role,
        is_staff=platform_role == PlatformRole.PLATFORM_STAFF,
        is_superuser=platform_role == PlatformRole.PLATFORM_STAFF,
        # Hashed once: the hasher is slow on purpose, and every demo person shares the password.
        password=_demo_password_hash(),
    )
    person.save()
    return person, True


@functools.cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def is_demo_organization(organization: object) -> bool:
    """Whether ``organization``'s pages carry the demo banner: demo data on, and a demo slug."""
    return bool(settings.IDESLUSS_DEMO_DATA) and getattr(organization, "slug", None) in DEMO_SLUGS
