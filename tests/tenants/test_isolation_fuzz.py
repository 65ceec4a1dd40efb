"""No response on one organisation's host ever carries another organisation's data (fuzzed).

Three organisations (the session tenants alfa, beta and gamma) hold the same
rows under the same ids, and every text those rows carry names its
organisation in a canary (``KANARIE-beta-17``): needs, calls, contacts, ideas,
comments (internal ones too), coach notes, next steps, meetings, agenda items,
decisions, methods, trials with their log and evaluation, activities and
participants, and what the portal receives.

Hypothesis then sends requests, each to one host with one credential:

- operations: every operation of the OpenAPI schema the project serves at
  ``/api/schema/``, every page route of the organisation URL conf (and of the
  public site's), and every link the platform hands out, with any method, ids
  drawn from the set the three organisations share, bodies shaped by the
  schema or by the fields of the project's forms;
- credentials: none, a logged-in session or an API token of any member (every
  role, of any organisation, a person in all three, platform staff), each
  made by the project's own login and token endpoints; links are made by the
  project's own flows too (the portal's thank-you references, the mailed
  follow and password reset links, organisation handoffs), so the test uses
  whatever the current code hands out.

A response on an organisation's host (status line, headers and body) must
never contain another organisation's canary; on the public site, none at all.
Each request runs in a savepoint that is rolled back, so the rows stay as they
were set up and nothing one request writes is seen by the next.

``IDESLUSS_FUZZ_ATTEMPTS`` sets the number of requests (10,000 by default; see
docs/development.md for a long run).
"""

from __future__ import annotations

import datetime
import itertools
import json
import logging
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django import forms as django_forms
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponseBase
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_tenants.utils import schema_context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.accounts.models import Person, PlatformRole, Role
from shared.organizations.models import Domain, Organization
from tenants.activities import services as activity_services
from tenants.activities.models import ParticipantRole
from tenants.calls import services as call_services
from tenants.coaching import services as coaching_services
from tenants.contacts import services as contact_services
from tenants.council import services as council_services
from tenants.ideas import services as idea_services
from tenants.library import services as library_services
from tenants.needs import services as need_services
from tenants.trials import services as trial_services
from tests import factories

pytestmark = pytest.mark.django_db

ATTEMPTS = int(os.environ.get("IDESLUSS_FUZZ_ATTEMPTS", "10000"))
SLUGS = ("alfa", "beta", "gamma")
PUBLIC_HOST = "localhost"
ORGANIZATION_URLCONF = "config.urls_tenant"
PUBLIC_URLCONF = "config.urls_public"
# Ids no organisation has: the answer to them must not come from elsewhere either.
MISSING_IDS = (0, 999_999)
A_METHOD = st.sampled_from(
    ["GET", "GET", "GET", "HEAD", "OPTIONS", "POST", "POST", "PUT", "PATCH", "DELETE"]
)
A_LINK_METHOD = st.sampled_from(["GET", "GET", "HEAD", "POST"])
A_KIND = st.sampled_from(["api", "api", "page", "page", "link", "public"])
A_HOST_SLUG = st.sampled_from(SLUGS)
A_SLUG = st.sampled_from([*SLUGS, "okand"])
# Lower case only: a drawn text can never spell an (upper case) canary.
SAFE_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö0123456789 -", max_size=12)
QUERY_NAMES = ("q", "page", "status", "stage", "year", "format", "ref", "t", "next", "call")
TEMPLATE_NAME = re.compile(r"""name=["']([a-z_][a-z0-9_]*)["']""")
TEMPLATE_VALUE = re.compile(r"""value=["']([a-z_][a-z0-9_]{1,30})["']""")
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
SCHEMA_PARAMETER = re.compile(r"\{(?P<name>[^}]+)\}")
LINK = re.compile(r"https?://(?P<host>[a-z0-9.:-]+)(?P<path>/[^\s<>\"']*)")


def canary_of(slug: str) -> str:
    return f"KANARIE-{slug}-"


def internal_canary_of(slug: str) -> str:
    return f"KANARIE-{slug}-intern-"


# --- The three organisations' rows -------------------------------------------------------


class Canaries:
    """Texts that name one organisation: ``KANARIE-alfa-1``, ``KANARIE-alfa-intern-2`` …

    Internal ones are in rows the organisation never shows to anyone outside it
    (unpublished ideas, internal comments, coach notes, contacts …).
    """

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.numbers = itertools.count(1)

    def __call__(self, words: str = "text") -> str:
        return f"{canary_of(self.slug)}{next(self.numbers)} {words}"

    def internal(self, words: str = "text") -> str:
        return f"{internal_canary_of(self.slug)}{next(self.numbers)} {words}"


def _align_sequences(schemas: tuple[str, ...]) -> None:
    """Move the id sequence of every table in the schemas to one common next value.

    Sequences are not rolled back with the tests that used them, so each schema
    has its own history; after this, the same rows created in the same order get
    the same ids in every schema, and the first rows of every table share ids
    too, so a drawn id names a row almost wherever it is used. Sequences only
    ever move on (past every sequence's next value and every stored id), so
    nothing can collide.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name, pg_get_serial_sequence("
            "quote_ident(table_schema) || '.' || quote_ident(table_name), 'id') "
            "FROM information_schema.columns WHERE table_schema = ANY(%s) "
            "AND column_name = 'id'",
            [list(schemas)],
        )
        sequences = [row for row in cursor.fetchall() if row[2]]
        common = 1
        for schema, table, sequence in sequences:
            cursor.execute(
                f"SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM {sequence}"  # noqa: S608
            )
            (next_value,) = cursor.fetchone()
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{schema}"."{table}"')  # noqa: S608
            (after_rows,) = cursor.fetchone()
            common = max(common, next_value, after_rows)
        for _schema, _table, sequence in sequences:
            cursor.execute("SELECT setval(%s, %s, false)", [sequence, common])


def _seed(organization: Organization, people: dict[str, Person], canary: Canaries) -> None:
    """Create one organisation's rows; the same calls in the same order for each one."""
    today = timezone.localdate()
    admin, coach, staff = people[Role.ADMIN], people[Role.COACH], people[Role.STAFF]
    need = need_services.need_submit(
        title=canary("behov"), description=canary(), unit=canary(), affected=canary(), by=staff
    )
    need_services.need_submit(
        title=canary.internal("behov"), description=canary.internal(), by=staff
    )
    call = call_services.call_create(
        title=canary("utlysning"),
        problem=canary(),
        audiences=["staff", "citizen", "business", "association"],
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=5),
        needs=[need],
        by=admin,
    )
    contact = contact_services.contact_register(
        name=canary.internal("kontakt"),
        email=f"kontakt@{organization.slug}.example.org",
        audience="citizen",
        organization_name=canary.internal(),
        consent_text="Jag samtycker.",
    )
    contact_services.contact_confirm(token=contact.access_token)
    contact.refresh_from_db()
    public, internal = (
        idea_services.idea_submit(
            title=text("idé"),
            description=text(),
            expected_benefit=text(),
            unit=text(),
            audience="staff",
            submitted_by=staff,
            call=call,
            needs=[need],
            is_public=is_public,
        )
        for text, is_public in ((canary, True), (canary.internal, False))
    )
    from_contact = idea_services.idea_submit(
        title=canary.internal("idé från portalen"),
        description=canary.internal(),
        audience="citizen",
        contact=contact,
    )
    idea_services.comment_add(idea=public, body=canary("kommentar"), author=staff)
    idea_services.comment_add(
        idea=public, body=canary.internal("kommentar"), is_internal=True, author=coach
    )
    idea_services.comment_add(
        idea=from_contact, body=canary.internal("kontaktens"), contact=contact
    )
    coaching_services.coach_assign(idea=internal, coach=coach, by=admin)
    coaching_services.coach_note_add(
        idea=internal, author=coach, body=canary.internal("anteckning")
    )
    coaching_services.next_step_add(
        idea=internal,
        description=canary.internal("nästa steg"),
        owner=staff,
        due_on=today + datetime.timedelta(days=3),
        by=coach,
    )
    idea_services.idea_move(
        idea=public, to_stage=factories.stage("screening"), by=coach, reason=canary()
    )
    meeting = council_services.meeting_create(
        held_on=today, title=canary("sammanträde"), location=canary(), by=admin
    )
    item = council_services.agenda_item_add(
        meeting=meeting, idea=public, preparation_memo=canary.internal("beredning"), by=admin
    )
    decision = council_services.decision_record(
        agenda_item=item,
        kind="fund_test",
        rationale=canary("beslut"),
        amount_granted_sek=Decimal(0),
        decided_on=today,
        by=admin,
    )
    council_services.minutes_save(meeting=meeting, minutes=canary("protokoll"), by=admin)
    method = library_services.method_create(
        kind="method", title=canary("metod"), description=canary(), location=canary(), by=admin
    )
    library_services.method_link_idea(method=method, idea=public, by=admin)
    trial = trial_services.trial_plan(
        idea=public,
        title=canary("test"),
        goal=canary(),
        hypothesis=canary(),
        units=[canary("enhet")],
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=1),
        budget_sek=Decimal(1000),
        measures=[(canary("mått"), canary("mål"))],
        decision=decision,
        methods=[method],
        by=admin,
    )
    trial_services.trial_log_add(trial=trial, body=canary.internal("logg"), by=coach)
    trial_services.evaluation_record(
        trial=trial,
        summary=canary("utvärdering"),
        effects=canary(),
        actual_cost_sek=Decimal(900),
        lessons=canary(),
        recommendation="implement",
        results={m.pk: (canary("utfall"), True) for m in trial.success_measures.all()},
        evaluated_on=today,
        by=admin,
    )
    activity = activity_services.activity_create(
        kind="training",
        title=canary("aktivitet"),
        held_on=today - datetime.timedelta(days=1),
        description=canary(),
        by=admin,
    )
    activity_services.participant_add(
        activity=activity, name=canary.internal("deltagare"), role=ParticipantRole.STAFF, by=admin
    )


# --- Credentials and links, made by the project's own endpoints ------------------------------


@dataclass(frozen=True)
class Credential:
    """A session or an API token made on the host of ``slug``, of a member of ``insider_in``."""

    label: str
    slug: str = ""
    session: str = ""
    token: str = ""
    insider_in: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Link:
    """A link the platform handed out for one organisation (``slug``)."""

    slug: str
    kind: str
    path: str


@dataclass
class World:
    hosts: dict[str, str]
    ids: list[int]
    credentials: list[Credential]
    links: list[Link]
    api_operations: list[tuple[str, str, dict[str, Any], dict[str, Any]]]
    page_routes: list[str]
    public_routes: list[str]
    components: dict[str, Any]
    field_names: list[str]
    field_values: list[str]
    path_words: list[str]
    rows: dict[str, dict[str, list[int]]] = field(default_factory=dict)

    # Strategies built once: building them for every draw costs more than the draw.
    @cached_property
    def an_id(self) -> st.SearchStrategy[int]:
        return st.sampled_from(self.ids)

    @cached_property
    def a_word(self) -> st.SearchStrategy[str]:
        return st.sampled_from(self.path_words) | SAFE_TEXT.filter(bool)

    @cached_property
    def a_text(self) -> st.SearchStrategy[str]:
        return SAFE_TEXT | st.sampled_from(self.field_values or ["x"])

    @cached_property
    def a_field_value(self) -> st.SearchStrategy[str]:
        return (
            st.sampled_from([str(i) for i in self.ids])
            | st.sampled_from(self.field_values)
            | st.sampled_from(self.path_words)
            | SAFE_TEXT
        )

    @cached_property
    def field_names_strategy(self) -> st.SearchStrategy[list[str]]:
        return st.lists(st.sampled_from(self.field_names), max_size=6, unique=True)

    @cached_property
    def a_query_name(self) -> st.SearchStrategy[str]:
        return st.sampled_from(QUERY_NAMES) | st.sampled_from(self.field_names)

    @cached_property
    def a_credential(self) -> st.SearchStrategy[Credential]:
        return st.sampled_from(self.credentials)

    @cached_property
    def a_link(self) -> st.SearchStrategy[Link]:
        return st.sampled_from(self.links)

    @cached_property
    def an_api_operation(self) -> st.SearchStrategy[Any]:
        return st.sampled_from(self.api_operations)

    @cached_property
    def a_page_route(self) -> st.SearchStrategy[str]:
        return st.sampled_from(self.page_routes)

    @cached_property
    def a_public_route(self) -> st.SearchStrategy[str]:
        return st.sampled_from(self.public_routes)


def _login(host: str, person: Person) -> str:
    client = Client(HTTP_HOST=host)
    response = client.post(
        "/accounts/login/", {"username": person.email, "password": factories.TEST_PASSWORD}
    )
    assert response.status_code == 302, (host, person.email, response.status_code)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def _api_token(host: str, person: Person) -> str:
    response = Client(HTTP_HOST=host).post(
        "/api/v1/auth/token/",
        {"email": person.email, "password": factories.TEST_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code in (200, 201), (host, person.email, response.content)
    return str(response.json()["token"])


def _portal_submissions(host: str, slug: str, canary: Canaries) -> list[Link]:
    """Submit an idea and a need on the portal as a visitor; keep the thank-you links."""
    client = Client(HTTP_HOST=host, REMOTE_ADDR="192.0.2.10")
    contact = {
        "name": canary.internal("besökare"),
        "email": f"besokare@{slug}.example.org",
        "audience": "citizen",
        "consent": "on",
        "webbplats": "",
    }
    links = []
    for path, fields in [
        ("/portal/ny-ide/", {"title": canary.internal("idé"), "description": canary.internal()}),
        (
            "/portal/nytt-behov/",
            {"title": canary.internal("behov"), "description": canary.internal()},
        ),
    ]:
        response = client.post(path, {**contact, **fields})
        assert response.status_code == 302, (path, response.content.decode()[:2000])
        location = urlsplit(response["Location"])
        links.append(Link(slug=slug, kind="thanks", path=f"{location.path}?{location.query}"))
    return links


def _handoffs(hosts: dict[str, str], traveller_sessions: dict[str, str]) -> list[Link]:
    """From each organisation's host, switch to each other one: the handoff links."""
    links = []
    for source, session in traveller_sessions.items():
        for target in hosts:
            if target == source:
                continue
            client = Client(HTTP_HOST=hosts[source])
            client.cookies[django_settings.SESSION_COOKIE_NAME] = session
            response = client.get(f"/accounts/switch/{target}/")
            assert response.status_code == 302, (source, target, response.status_code)
            location = urlsplit(response["Location"])
            assert location.hostname == hosts[target], response["Location"]
            path = location.path + (f"?{location.query}" if location.query else "")
            links.append(Link(slug=target, kind="handoff", path=path))
    return links


def _mailed_links(hosts: dict[str, str]) -> list[Link]:
    """Every link in the mail sent so far that points at an organisation's host."""
    slug_of = {host: slug for slug, host in hosts.items()}
    links = []
    for message in mail.outbox:
        bodies = [message.body] + [
            content for content, _type in getattr(message, "alternatives", [])
        ]
        for body in bodies:
            for match in LINK.finditer(str(body)):
                host = match["host"].split(":")[0]
                if host in slug_of:
                    links.append(Link(slug=slug_of[host], kind="mail", path=match["path"]))
    return sorted(set(links), key=lambda link: (link.slug, link.path))


# --- What can be requested -------------------------------------------------------------------


def _routes(urlconf: str) -> list[str]:
    """Every URL pattern of ``urlconf`` as a route with its parameters (``behov/<int:pk>/``)."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = str(pattern.pattern)
            if route.startswith("^"):  # re_path: keep it only if it has no groups
                if "(" in route:
                    continue
                route = route.lstrip("^").rstrip("$").replace("\\", "")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                yield prefix + route

    return sorted(set(walk(get_resolver(urlconf).url_patterns, "")))


def _form_fields() -> tuple[list[str], list[str]]:
    """Field names and literal values the project's forms and templates post."""
    names: set[str] = set()
    values: set[str] = set()

    def subclasses(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    for form in subclasses(django_forms.BaseForm):
        if form.__module__.split(".")[0] in ("tenants", "shared", "network", "config"):
            for name, form_field in getattr(form, "base_fields", {}).items():
                names.add(name)
                for choice in getattr(form_field, "choices", None) or []:
                    if isinstance(choice, tuple) and isinstance(choice[0], str) and choice[0]:
                        values.add(choice[0])
    root = Path(__file__).resolve().parents[2]
    for template in itertools.chain(
        *(root.glob(f"{top}/**/templates/**/*.html") for top in ("tenants", "shared", "network")),
        root.glob("platform/templates/**/*.html"),
    ):
        text = template.read_text(encoding="utf-8", errors="replace")
        names.update(TEMPLATE_NAME.findall(text))
        values.update(TEMPLATE_VALUE.findall(text))
    names.discard("csrfmiddlewaretoken")
    return sorted(names), sorted(values)


def _api_operations(host: str) -> tuple[list[Any], dict[str, Any]]:
    """The operations of the schema served on an organisation's host."""
    response = Client(HTTP_HOST=host).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200, response.status_code
    schema = json.loads(response.content)
    operations = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method.upper() not in {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            body = next(iter(content.values()), {}).get("schema", {}) if content else {}
            parameters = {
                parameter["name"]: parameter.get("schema", {})
                for parameter in operation.get("parameters", [])
                if parameter.get("in") in ("path", "query")
            }
            operations.append((method.upper(), path, body, parameters))
    return operations, schema.get("components", {}).get("schemas", {})


def _build_world() -> World:
    organizations = {slug: Organization.objects.get(slug=slug) for slug in SLUGS}
    hosts = {
        slug: Domain.objects.get(tenant=o, is_primary=True).domain
        for slug, o in organizations.items()
    }
    members: dict[str, dict[str, Person]] = {
        slug: {
            role: factories.MembershipFactory(organization=organization, role=role).person
            for role in Role.values
        }
        for slug, organization in organizations.items()
    }
    traveller = factories.PersonFactory()
    for organization, role in zip(organizations.values(), Role.values, strict=False):
        factories.MembershipFactory(person=traveller, organization=organization, role=role)
    platform_staff = factories.PersonFactory(
        platform_role=PlatformRole.PLATFORM_STAFF, is_staff=True, is_superuser=True
    )

    _align_sequences(SLUGS)
    canaries = {slug: Canaries(slug) for slug in SLUGS}
    links: list[Link] = []
    for slug, organization in organizations.items():
        # The callbacks (mail, tasks) run in the organisation's schema, as after a request.
        with (
            schema_context(organization.schema_name),
            TestCase.captureOnCommitCallbacks(execute=True),
        ):
            _seed(organization, members[slug], canaries[slug])
        connection.set_schema_to_public()
    for slug in SLUGS:
        with TestCase.captureOnCommitCallbacks(execute=True):
            links += _portal_submissions(hosts[slug], slug, canaries[slug])
            for person in (members[slug][Role.ADMIN], members[slug][Role.VIEWER]):
                response = Client(HTTP_HOST=hosts[slug]).post(
                    "/accounts/password-reset/", {"email": person.email}
                )
                assert response.status_code == 302, response.status_code
        cache.clear()  # the portal's rate limit counted the submissions

    credentials = [Credential("anonymous")]
    traveller_sessions = {slug: _login(hosts[slug], traveller) for slug in SLUGS}
    everywhere = frozenset(SLUGS)  # platform staff may support any organisation
    for slug, host in hosts.items():
        own = frozenset([slug])
        for role, person in members[slug].items():
            credentials += [
                Credential(f"session of {role} in {slug}", slug, _login(host, person), "", own),
                Credential(f"token of {role} in {slug}", slug, "", _api_token(host, person), own),
            ]
        credentials += [
            Credential(
                f"session of the traveller, from {slug}",
                slug,
                traveller_sessions[slug],
                insider_in=everywhere,
            ),
            Credential(
                f"token of the traveller in {slug}",
                slug,
                token=_api_token(host, traveller),
                insider_in=everywhere,
            ),
            Credential(
                f"session of platform staff, from {slug}",
                slug,
                _login(host, platform_staff),
                insider_in=everywhere,
            ),
        ]
    with TestCase.captureOnCommitCallbacks(execute=True):
        links += _handoffs(hosts, traveller_sessions)
    links += _mailed_links(hosts)
    mail.outbox.clear()
    cache.clear()
    connection.set_schema_to_public()

    rows = _tenant_row_ids(SLUGS)
    # Each id as often as tables have it: drawn ids mostly name a row where they are used.
    ids = sorted([pk for by_table in rows["alfa"].values() for pk in by_table] + [*MISSING_IDS])
    operations, components = _api_operations(hosts["alfa"])
    names, values = _form_fields()
    path_words = sorted(
        {segment for link in links for segment in urlsplit(link.path).path.split("/") if segment}
        | {value for link in links for value in re.findall(r"=([^&]+)", urlsplit(link.path).query)}
    )
    return World(
        hosts=hosts,
        ids=ids,
        credentials=credentials,
        links=links,
        api_operations=operations,
        page_routes=_routes(ORGANIZATION_URLCONF),
        public_routes=_routes(PUBLIC_URLCONF),
        components=components,
        field_names=names,
        field_values=values,
        path_words=path_words,
        rows=rows,
    )


def _tenant_row_ids(slugs: tuple[str, ...]) -> dict[str, dict[str, list[int]]]:
    """The ids of every row in each organisation's tables, by table."""
    rows: dict[str, dict[str, list[int]]] = {}
    with connection.cursor() as cursor:
        for slug in slugs:
            cursor.execute(
                "SELECT table_name FROM information_schema.columns "
                "WHERE table_schema = %s AND column_name = 'id' "
                "AND data_type IN ('integer', 'bigint') AND table_name NOT LIKE 'django%%'",
                [slug],
            )
            rows[slug] = {}
            for (table,) in cursor.fetchall():
                cursor.execute(f'SELECT id FROM "{slug}"."{table}" ORDER BY id')  # noqa: S608
                found = [row[0] for row in cursor.fetchall()]
                if found:
                    rows[slug][table] = found
    return rows


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:  # type: ignore[no-untyped-def]
    """The organisations' rows and credentials: made once for this module, rolled back after."""
    del django_db_setup
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        # As Django's TestCase marks its own: durable blocks inside it (a delivery's
        # claim, committed before its mail leaves) are allowed, as in any test.
        atomic._from_testcase = True  # type: ignore[attr-defined]
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.set_schema_to_public()


# --- One attempt -----------------------------------------------------------------------------


@dataclass
class Attempt:
    host: str
    method: str
    path: str
    credential: Credential
    body: Any = None
    content_type: str = ""
    link: Link | None = None

    def __str__(self) -> str:
        body = f" with {self.content_type} {self.body!r}" if self.body else ""
        link = f" (a {self.link.kind} link of {self.link.slug})" if self.link else ""
        return (
            f"{self.method} https://{self.host}{self.path}{link} as {self.credential.label}{body}"
        )

    def is_insider(self, slug: str) -> bool:
        """Whether the credential or the link belongs to organisation ``slug``."""
        return slug in self.credential.insider_in or (
            self.link is not None and self.link.slug == slug
        )


def _schema_value(data: st.DataObject, schema: dict[str, Any], world: World, depth: int = 0) -> Any:
    """A value for ``schema``: often valid, sometimes not, ids from the shared set."""
    if "$ref" in schema:
        schema = world.components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    for combined in ("allOf", "oneOf", "anyOf"):
        if schema.get(combined):
            return _schema_value(data, data.draw(st.sampled_from(schema[combined])), world, depth)
    if schema.get("enum"):
        return data.draw(st.sampled_from([v for v in schema["enum"] if v is not None] or [""]))
    kind = schema.get("type", "string")
    if depth > 3:
        return None
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        return {
            name: _schema_value(data, sub, world, depth + 1)
            for name, sub in properties.items()
            if not sub.get("readOnly") and (name in required or data.draw(st.booleans()))
        }
    if kind == "array":
        return [
            _schema_value(data, schema.get("items", {}), world, depth + 1)
            for _ in range(data.draw(st.integers(0, 3)))
        ]
    if kind == "integer":
        return data.draw(world.an_id | st.integers(-2, 10**6))
    if kind == "number":
        return data.draw(st.sampled_from([0, 1, 1000, 150000.5, -1]))
    if kind == "boolean":
        return data.draw(st.booleans())
    if schema.get("format") == "date":
        return data.draw(
            st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31))
        ).isoformat()
    if schema.get("format") == "date-time":
        return "2026-03-12T10:00:00+01:00"
    if schema.get("format") == "email":
        return data.draw(st.sampled_from(["ny@example.org", "", "inte-en-adress"]))
    return data.draw(world.a_text)


def _fill_route(data: st.DataObject, route: str, world: World) -> str:
    def value(match: re.Match[str]) -> str:
        converter = match["converter"] or "str"
        if converter == "int":
            return str(data.draw(world.an_id))
        if converter == "slug":
            return data.draw(A_SLUG)
        return data.draw(world.a_word)

    return "/" + ROUTE_PARAMETER.sub(value, route)


def _query(data: st.DataObject, world: World) -> str:
    if data.draw(st.integers(0, 3)) != 0:
        return ""
    name = data.draw(world.a_query_name)
    value = data.draw(world.a_field_value)
    return "?" + urlencode({name: value})


def _form_body(data: st.DataObject, world: World) -> dict[str, Any]:
    return {name: data.draw(world.a_field_value) for name in data.draw(world.field_names_strategy)}


def _draw_attempt(data: st.DataObject, world: World) -> Attempt:
    credential = data.draw(world.a_credential)
    # Half the time on the credential's own host: there the requests reach rows.
    own = credential.slug and data.draw(st.booleans())
    host = world.hosts[credential.slug if own else data.draw(A_HOST_SLUG)]
    kind = data.draw(A_KIND)
    method = data.draw(A_METHOD)
    if kind == "api":
        schema_method, template, body_schema, parameters = data.draw(world.an_api_operation)
        method = schema_method if data.draw(st.integers(0, 4)) else method

        def parameter(match: re.Match[str]) -> str:
            if parameters.get(match["name"], {}).get("type") == "integer":
                return str(data.draw(world.an_id))
            return data.draw(world.a_word)

        path = SCHEMA_PARAMETER.sub(parameter, template) + _query(data, world)
        if method in ("POST", "PUT", "PATCH"):
            body = _schema_value(data, body_schema or {"type": "object"}, world)
            return Attempt(host, method, path, credential, json.dumps(body), "application/json")
        return Attempt(host, method, path, credential)
    if kind == "link":
        link = data.draw(world.a_link)
        method = data.draw(A_LINK_METHOD)
    elif kind == "public":
        host = PUBLIC_HOST
        path = _fill_route(data, data.draw(world.a_public_route), world)
    else:
        path = _fill_route(data, data.draw(world.a_page_route), world)
    if kind == "link":
        path = link.path
    else:
        link = None
        path += _query(data, world)
    if method in ("POST", "PUT", "PATCH"):
        return Attempt(host, method, path, credential, _form_body(data, world), "form", link)
    return Attempt(host, method, path, credential, link=link)


def _send(attempt: Attempt) -> HttpResponseBase:
    client = Client(HTTP_HOST=attempt.host, raise_request_exception=False)
    headers: dict[str, str] = {}
    if attempt.credential.session:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = attempt.credential.session
    if attempt.credential.token:
        headers["HTTP_AUTHORIZATION"] = f"Token {attempt.credential.token}"
    if attempt.content_type == "form":
        if attempt.method == "POST":
            return client.post(attempt.path, attempt.body, **headers)
        return client.generic(
            attempt.method,
            attempt.path,
            urlencode(attempt.body, doseq=True),
            "application/x-www-form-urlencoded",
            **headers,
        )
    if attempt.content_type:
        return client.generic(
            attempt.method, attempt.path, attempt.body, attempt.content_type, **headers
        )
    return client.generic(attempt.method, attempt.path, **headers)


def _text_of(response: HttpResponseBase) -> str:
    """Status line, headers and the whole body (streamed or not) of a response."""
    body = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.streaming
        else response.content  # type: ignore[attr-defined]
    )
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    cookies = response.cookies.output() if response.cookies else ""
    return f"{response.status_code}\n{headers}\n{cookies}\n{body.decode('utf-8', 'replace')}"


def _slug_of(host: str, world: World) -> str | None:
    return next((slug for slug, known in world.hosts.items() if known == host), None)


# --- The tests ------------------------------------------------------------------------------


class TestTheFuzzedOrganisations:
    def test_share_ids_in_every_table_and_each_row_names_its_organisation(self, world):
        tables = world.rows["alfa"]

        assert {"ideas_idea", "needs_need", "coaching_coachnote", "council_decision"} <= set(tables)
        assert world.rows["beta"] == tables
        assert world.rows["gamma"] == tables
        for slug in SLUGS:
            with schema_context(slug), connection.cursor() as cursor:
                cursor.execute("SELECT description FROM needs_need ORDER BY id")
                assert all(text.startswith(canary_of(slug)) for (text,) in cursor.fetchall())

    def test_hand_out_every_kind_of_credential_and_link_for_each_organisation(self, world):
        kinds = {(link.slug, link.kind) for link in world.links}

        assert kinds >= {(slug, kind) for slug in SLUGS for kind in ("thanks", "handoff", "mail")}
        assert sum(bool(c.token) for c in world.credentials) >= len(SLUGS) * len(Role.values)
        assert len(world.api_operations) > 50
        assert len(world.page_routes) > 50

    def test_an_admin_sees_their_own_organisations_canaries(self, world):
        admin = next(c for c in world.credentials if c.label == "session of admin in beta")

        for path in ("/behov/", "/api/v1/needs/", "/idéer/", "/portal/ideer/"):
            text = _text_of(_send(Attempt(world.hosts["beta"], "GET", path, admin)))
            assert canary_of("beta") in text, path
        ideas = _text_of(_send(Attempt(world.hosts["beta"], "GET", "/idéer/", admin)))
        assert internal_canary_of("beta") in ideas


class TestNoResponseCarriesAnotherOrganisationsCanary:
    def test_over_many_random_requests(self, world, request):
        outcomes: Counter[str] = Counter()
        server_errors: Counter[str] = Counter()
        quiet = [logging.getLogger(name) for name in ("django.request", "django.security", "axes")]
        levels = [logger.level for logger in quiet]
        for logger in quiet:
            logger.setLevel(logging.CRITICAL)

        @settings(
            max_examples=ATTEMPTS,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(st.data())
        def attempt(data: st.DataObject) -> None:
            tried = _draw_attempt(data, world)
            mail.outbox.clear()
            cache.clear()
            with transaction.atomic():
                response = _send(tried)
                text = _text_of(response)
                transaction.set_rollback(True)
            connection.set_schema_to_public()
            own = _slug_of(tried.host, world)
            outcomes[f"{response.status_code}"] += 1
            if own and canary_of(own) in text:
                outcomes["own canary"] += 1
            if response.status_code >= 500:
                server_errors[f"{tried.method} {urlsplit(tried.path).path}"] += 1
            leaked = [slug for slug in SLUGS if slug != own and canary_of(slug) in text]
            assert not leaked, f"{tried}\nanswered with {leaked[0]}'s canary:\n{text[:3000]}"
            if own and not tried.is_insider(own):
                assert internal_canary_of(own) not in text, (
                    f"{tried}\nshowed {own}'s internal canary to an outsider:\n{text[:3000]}"
                )

        started = time.monotonic()
        try:
            attempt()
        finally:
            for logger, level in zip(quiet, levels, strict=True):
                logger.setLevel(level)
        seconds = time.monotonic() - started
        total = sum(v for k, v in outcomes.items() if k.isdigit())
        summary = (
            f"{total} requests in {seconds:.0f} s; by status {sorted(outcomes.items())}; "
            f"server errors {server_errors.most_common(10)}"
        )
        request.node.user_properties.append(("isolation_fuzz", summary))
        print(summary)

        assert total >= ATTEMPTS
        # The requests reached data: a fuzz refused everywhere would prove nothing.
        assert outcomes["own canary"] >= total // 50, summary
