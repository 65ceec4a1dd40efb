"""Every route of both URL confs, walked with every method, as every kind of visitor.

The tables below say who may use each route: ``members(GET=..., POST=...)``
names the capability each method needs (HEAD and OPTIONS need GET's),
``PUBLIC`` is open to anyone, ``PLATFORM_STAFF`` is Django's admin. A route
that is not in its table, or a table entry that is no longer a route, fails
the walk: a new route cannot slip past it. When you add a route, add it here
with the access it must have.

Which role gets what is derived from ``CAPABILITIES`` (shared/accounts/
permissions.py), never written here: changing the table there changes what
this test expects. The table itself is pinned in ``role_matrix.py`` beside
this file, so an unreviewed change to it fails too.
"""

# ruff: noqa: E501  (the route tables keep one route a line)
from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_tenants.utils import schema_context

from shared.accounts.models import Role
from shared.accounts.permissions import CAPABILITIES
from tenants.activities.models import Participant
from tenants.coaching.models import NextStep
from tenants.reports.tables import REPORT_NAMES
from tenants.trials.models import Trial
from tests import factories
from tests.platform import role_matrix
from tests.tenants import rows
from tests.tenants.activities import make as activity_make
from tests.tenants.council import make as council_make
from tests.tenants.library import make as library_make

pytestmark = pytest.mark.django_db

READS = ("GET", "HEAD", "OPTIONS")
ALL_METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")
PUBLIC = "public"
PLATFORM_STAFF = "platform_staff"


@dataclass(frozen=True)
class Members:
    """Members whose role has the capability named for the method."""

    by_method: dict[str, str] = field(default_factory=dict)

    def capability(self, method: str) -> str:
        return self.by_method["GET" if method in READS else method]

    def methods(self) -> list[str]:
        declared = list(self.by_method)
        return declared + (["HEAD", "OPTIONS"] if "GET" in declared else [])


def members(**by_method: str) -> Members:
    return Members(by_method)


# fmt: off
TENANT_ROUTES: dict[str, Members | str] = {
    '': members(GET="workspace.view"),
    'medlemmar/': members(GET="members.view", POST="members.manage"),
    'medlemmar/<int:pk>/roll/': members(POST="members.manage"),
    'medlemmar/<int:pk>/kommun/': members(POST="members.manage"),
    'medlemmar/<int:pk>/ta-bort/': members(GET="members.manage", POST="members.manage"),
    'api-nycklar/': members(GET="workspace.view", POST="workspace.view"),
    'api-nycklar/<int:pk>/aterkalla/': members(POST="workspace.view"),
    'behov/': members(GET="needs.view", POST="needs.submit"),
    'rapporter/jamforelse/': members(GET="reports.view", POST="settings.manage"),
    'behov/export.csv': members(GET="needs.view"),
    'behov/<int:pk>/': members(GET="needs.view"),
    'behov/<int:pk>/andra/': members(GET="needs.manage", POST="needs.manage"),
    'behov/<int:pk>/status/': members(POST="needs.manage"),
    'api/v1/me/': members(GET="workspace.view"),
    'api/v1/auth/tokens/': members(GET="workspace.view", POST="workspace.view"),
    'api/v1/auth/tokens/<int:pk>/revoke/': members(POST="workspace.view"),
    'api/v1/members/': members(GET="members.view"),
    'api/v1/members/<int:pk>/': members(GET="members.view", PATCH="members.manage", DELETE="members.manage"),
    'api/v1/needs/': members(GET="needs.view", POST="needs.submit"),
    'api/v1/needs/<int:pk>/': members(GET="needs.view", PATCH="needs.manage"),
    'api/v1/needs/<int:pk>/status/': members(POST="needs.manage"),
    'api/v1/ideas/': members(GET="ideas.view", POST="ideas.submit"),
    'api/v1/ideas/bulk-move/': members(POST="ideas.manage"),
    'api/v1/ideas/similar/': members(GET="ideas.view"),
    'api/v1/ideas/<int:pk>/': members(GET="ideas.view", PATCH="ideas.manage"),
    'api/v1/ideas/<int:pk>/move/': members(POST="ideas.manage"),
    'api/v1/ideas/<int:pk>/merge/': members(POST="ideas.manage"),
    'api/v1/ideas/<int:pk>/publish/': members(POST="ideas.manage"),
    'api/v1/ideas/<int:pk>/comments/': members(GET="ideas.view", POST="ideas.comment"),
    'api/v1/ideas/<int:pk>/support/': members(POST="ideas.support", DELETE="ideas.support"),
    'api/v1/ideas/<int:pk>/follow/': members(POST="ideas.follow", DELETE="ideas.follow"),
    'api/v1/stages/': members(GET="ideas.view"),
    'api/v1/calls/': members(GET="calls.view", POST="calls.manage"),
    'api/v1/calls/<int:pk>/': members(GET="calls.view", PATCH="calls.manage"),
    'api/v1/coaching/mine/': members(GET="coaching.view"),
    'api/v1/ideas/<int:pk>/coach/': members(GET="coaching.view", POST="coaching.manage"),
    'api/v1/ideas/<int:pk>/coach-notes/': members(GET="coaching.view", POST="coaching.manage"),
    'api/v1/ideas/<int:pk>/next-steps/': members(GET="coaching.view", POST="coaching.manage"),
    'api/v1/next-steps/<int:pk>/complete/': members(POST="coaching.manage"),
    'api/v1/next-steps/<int:pk>/reopen/': members(POST="coaching.manage"),
    'api/v1/meetings/': members(GET="council.view", POST="council.prepare"),
    'api/v1/meetings/<int:pk>/': members(GET="council.view", PATCH="council.prepare", DELETE="council.prepare"),
    'api/v1/meetings/<int:pk>/agenda/': members(POST="council.prepare"),
    'api/v1/meetings/<int:pk>/agenda/order/': members(PUT="council.prepare"),
    'api/v1/meetings/<int:pk>/minutes/': members(PUT="council.prepare"),
    'api/v1/agenda-items/<int:pk>/': members(DELETE="council.prepare"),
    'api/v1/agenda-items/<int:pk>/decision/': members(POST="council.decide"),
    'api/v1/decisions/': members(GET="council.view"),
    'api/v1/budget/<int:year>/': members(GET="council.view", PUT="council.budget"),
    'api/v1/trials/': members(GET="trials.view", POST="trials.manage"),
    'api/v1/trials/<int:pk>/': members(GET="trials.view", PATCH="trials.manage"),
    'api/v1/trials/<int:pk>/status/': members(POST="trials.manage"),
    'api/v1/trials/<int:pk>/log/': members(GET="trials.view", POST="trials.manage"),
    'api/v1/trials/<int:pk>/evaluation/': members(GET="trials.view", POST="trials.manage"),
    'api/v1/activities/': members(GET="activities.view", POST="activities.manage"),
    'api/v1/activities/summary/': members(GET="activities.view"),
    'api/v1/activities/<int:pk>/': members(GET="activities.view", PATCH="activities.manage"),
    'api/v1/activities/<int:pk>/participants/': members(GET="activities.view", POST="activities.manage"),
    'api/v1/activities/<int:pk>/participants/<int:participant_pk>/': members(PATCH="activities.manage", DELETE="activities.manage"),
    'api/v1/methods/': members(GET="library.view"),
    'api/v1/methods/<int:pk>/': members(GET="library.view"),
    'api/v1/audit/': members(GET="audit.view"),
    'api/v1/reports/dashboard/': members(GET="reports.view"),
    'api/v1/reports/equality/': members(GET="reports.view"),
    'api/v1/network/pilots/': members(GET="pilots.view", POST="pilots.manage"),
    'api/v1/network/pilots/<int:pk>/': members(GET="pilots.view", PATCH="pilots.manage"),
    'api/v1/network/pilots/<int:pk>/participants/': members(POST="pilots.manage"),
    'api/v1/network/pilots/<int:pk>/start/': members(POST="pilots.manage"),
    'api/v1/network/pilots/<int:pk>/end/': members(POST="pilots.manage"),
    'api/v1/network/pilots/<int:pk>/leave/': members(POST="pilots.manage"),
    'api/v1/network/pilots/<int:pk>/log/': members(POST="pilots.manage"),
    'api/v1/network/pilots/<int:pk>/cost-split/': members(POST="pilots.manage"),
    'api/v1/network/pilots/<int:pk>/evaluation/': members(POST="pilots.manage"),
    'api/v1/network/pilots/<int:pk>/prepare/': members(POST="pilots.manage"),
    'api/v1/network/pilots/<int:pk>/decision/': members(POST="council.decide"),
    'api/v1/network/adoptions/': members(GET="network.view", POST="network.adopt"),
    'api/v1/network/publications/<int:pk>/spread/': members(GET="network.view"),
    'api/v1/network/areas/': members(GET="network.view", POST="network.adopt"),
    'api/v1/network/areas/<int:pk>/': members(DELETE="network.adopt"),
    'api/v1/network/publish/': members(POST="network.publish"),
    'api/v1/network/withdraw/': members(POST="network.publish"),
    'api/v1/network/publications/': members(GET="network.view"),
    'api/v1/network/publications/<int:pk>/': members(GET="network.view"),
    'api/v1/network/publications/<int:pk>/follow/': members(POST="network.view", DELETE="network.view"),
    'api/v1/network/publications/<int:pk>/cosignatures/': members(POST="network.cosign", DELETE="network.cosign"),
    'api/v1/network/shared-needs/': members(GET="network.view"),
    'api/v1/network/similar/': members(GET="network.view"),
    'inkorg/': members(GET="ideas.view"),
    'installningar/steg/': members(GET="settings.manage", POST="settings.manage"),
    'idéer/': members(GET="ideas.view", POST="ideas.manage"),
    'idéer/tavla/': members(GET="ideas.view", POST="ideas.manage"),
    'idéer/export.csv': members(GET="ideas.view"),
    'idéer/ny/': members(GET="ideas.submit", POST="ideas.submit"),
    'idéer/<int:pk>/': members(GET="ideas.view", POST="ideas.view"),
    'idéer/<int:pk>/bilagor/<int:attachment_pk>/': members(GET="ideas.view"),
    'utlysningar/': members(GET="calls.view"),
    'utlysningar/ny/': members(GET="calls.manage", POST="calls.manage"),
    'utlysningar/<int:pk>/': members(GET="calls.view"),
    'utlysningar/<int:pk>/andra/': members(GET="calls.manage", POST="calls.manage"),
    'utlysningar/<int:pk>/stang/': members(GET="calls.manage", POST="calls.manage"),
    'coachning/': members(GET="coaching.view"),
    'idéer/<int:pk>/coachning/': members(GET="coaching.view", POST="coaching.manage"),
    'idérådet/': members(GET="council.view"),
    'idérådet/budget/': members(POST="council.budget"),
    'idérådet/sammanträden/ny/': members(GET="council.prepare", POST="council.prepare"),
    'idérådet/sammanträden/<int:pk>/': members(GET="council.view"),
    'idérådet/sammanträden/<int:pk>/status/': members(POST="council.prepare"),
    'idérådet/sammanträden/<int:pk>/dagordning/': members(POST="council.prepare"),
    'idérådet/sammanträden/<int:pk>/dagordning/ordning/': members(POST="council.prepare"),
    'idérådet/sammanträden/<int:pk>/protokoll/': members(GET="council.view"),
    'idérådet/sammanträden/<int:pk>/protokoll/spara/': members(POST="council.prepare"),
    'idérådet/ärenden/<int:pk>/ta-bort/': members(GET="council.prepare", POST="council.prepare"),
    'idérådet/ärenden/<int:pk>/beslut/': members(POST="council.decide"),
    'tester/': members(GET="trials.view"),
    'tester/ny/': members(GET="trials.manage", POST="trials.manage"),
    'tester/<int:pk>/': members(GET="trials.view", POST="trials.manage"),
    'tester/<int:pk>/andra/': members(GET="trials.manage", POST="trials.manage"),
    'aktiviteter/': members(GET="activities.view"),
    'aktiviteter/ny/': members(GET="activities.manage", POST="activities.manage"),
    'aktiviteter/<int:pk>/': members(GET="activities.view", POST="activities.manage"),
    'aktiviteter/<int:pk>/andra/': members(GET="activities.manage", POST="activities.manage"),
    'aktiviteter/<int:pk>/deltagare/<int:participant_pk>/ta-bort/': members(GET="activities.manage", POST="activities.manage"),
    'metoder/': members(GET="library.view"),
    'metoder/ny/': members(GET="library.manage", POST="library.manage"),
    'metoder/<int:pk>/': members(GET="library.view", POST="library.manage"),
    'metoder/<int:pk>/andra/': members(GET="library.manage", POST="library.manage"),
    'metoder/<int:pk>/fil/': members(GET="library.view"),
    'granskningslogg/': members(GET="audit.view"),
    'granskningslogg/export.csv': members(GET="audit.view"),
    'rapporter/': members(GET="reports.view"),
    'rapporter/jamstalldhet/': members(GET="reports.view"),
    'rapporter/<slug:name>.csv': members(GET="reports.view"),
    'rapporter/<slug:name>.xlsx': members(GET="reports.view"),
    'natverk/piloter/': members(GET="pilots.view"),
    'natverk/piloter/ny/': members(GET="pilots.manage", POST="pilots.manage"),
    'natverk/piloter/<int:pk>/': members(GET="pilots.view"),
    'natverk/piloter/<int:pk>/bjud-in/': members(POST="pilots.manage"),
    'natverk/piloter/<int:pk>/logg/': members(POST="pilots.manage"),
    'natverk/piloter/<int:pk>/plan/': members(POST="pilots.manage"),
    'natverk/piloter/<int:pk>/kostnadsfordelning/': members(POST="pilots.manage"),
    'natverk/piloter/<int:pk>/utvardering/': members(POST="pilots.manage"),
    'natverk/piloter/<int:pk>/starta/': members(POST="pilots.manage"),
    'natverk/piloter/<int:pk>/avsluta/': members(POST="pilots.manage"),
    'natverk/piloter/<int:pk>/lamna/': members(POST="pilots.manage"),
    'natverk/piloter/<int:pk>/bered/': members(GET="pilots.manage", POST="pilots.manage"),
    'natverk/piloter/<int:pk>/beslut/': members(GET="council.decide", POST="council.decide"),
    'natverk/<int:pk>/ta-in/': members(GET="network.adopt", POST="network.adopt"),
    'natverk/<int:pk>/spridning/': members(GET="network.view"),
    'natverk/intaget/': members(GET="network.view"),
    'natverk/omraden/': members(GET="network.view", POST="network.adopt"),
    'natverk/publicera/<str:kind>/<int:source_id>/': members(GET="network.publish", POST="network.publish"),
    'natverk/publicera/<str:kind>/<int:source_id>/avpublicera/': members(POST="network.publish"),
    'natverk/': members(GET="network.view"),
    'natverk/gemensamma-behov/': members(GET="network.view"),
    'natverk/gemensamma-behov/export.csv': members(GET="network.view"),
    'natverk/gemensamma-behov/export.xlsx': members(GET="network.view"),
    'natverk/<int:pk>/': members(GET="network.view"),
    'natverk/<int:pk>/bevaka/': members(POST="network.view"),
    'natverk/<int:pk>/medunderteckna/': members(POST="network.cosign"),
    'fakturering/': members(GET="billing.manage"),
    'fakturering/betalare/<int:pk>/': members(POST="billing.manage"),
    'fakturering/fordelning/': members(POST="billing.manage"),
    'accounts/sso/login/': PUBLIC,
    'accounts/sso/oidc/callback/': PUBLIC,
    'accounts/sso/saml/acs/': PUBLIC,
    'accounts/sso/saml/finish/': PUBLIC,
    'accounts/sso/saml/metadata/': PUBLIC,
    'installningar/inloggning/': members(GET="sso.manage", POST="sso.manage"),
    'installningar/inloggning/test/': members(POST="sso.manage"),
    'installningar/registrerade/': members(GET="settings.manage", POST="settings.manage"),
    'installningar/gallring/': members(GET="settings.manage"),
    'diarium/': members(GET="reports.view"),
    'diarium/export.csv': members(GET="reports.view"),
    'diarium/export.xlsx': members(GET="reports.view"),
    'portal/beslut/': PUBLIC,
    'portal/beslut/<str:registration_number>/': PUBLIC,
    'portal/': PUBLIC,
    'portal/utlysningar/<int:pk>/': PUBLIC,
    'portal/ideer/': PUBLIC,
    'portal/ideer/<int:pk>/': PUBLIC,
    'portal/ny-ide/': PUBLIC,
    'portal/nytt-behov/': PUBLIC,
    'portal/tack/': PUBLIC,
    'portal/liknande/': PUBLIC,
    'portal/folj/<str:token>/': PUBLIC,
    'accounts/login/': PUBLIC,
    'accounts/logout/': PUBLIC,
    'accounts/password-reset/': PUBLIC,
    'accounts/password-reset/sent/': PUBLIC,
    'accounts/password-reset/<uidb64>/<token>/': PUBLIC,
    'accounts/password-reset/done/': PUBLIC,
    'accounts/switch/<slug:slug>/': PUBLIC,
    'accounts/handoff/': PUBLIC,
    'i18n/setlang/': PUBLIC,
    'api/v1/auth/token/': PUBLIC,
    'api/schema/': PUBLIC,
    'api/docs/': PUBLIC,
}

PUBLIC_ROUTES: dict[str, Members | str] = {
    '': PUBLIC,
    'organisationer/': PUBLIC,
    'plattform/': PLATFORM_STAFF,
    'natverk/': PLATFORM_STAFF,
    'natverk/gemensamma-behov/': PLATFORM_STAFF,
    'natverk/gemensamma-behov/export.csv': PLATFORM_STAFF,
    'natverk/gemensamma-behov/export.xlsx': PLATFORM_STAFF,
    'natverk/<int:pk>/': PLATFORM_STAFF,
    # National figures: the coordinator and platform staff (members refused, like staff pages).
    'statistik/': PLATFORM_STAFF,
    'statistik/lan/<str:county>/': PLATFORM_STAFF,
    'statistik/karta/': PLATFORM_STAFF,
    'statistik/rapport/': PLATFORM_STAFF,
    'statistik/export/<slug:name>.<str:file_format>': PLATFORM_STAFF,
    'statistik/api-nycklar/': PLATFORM_STAFF,
    'api/v1/figures/national/': PLATFORM_STAFF,
    'api/v1/figures/counties/': PLATFORM_STAFF,
    'api/v1/figures/tables/<slug:name>/': PLATFORM_STAFF,
    'api/v1/figures/schema/': PLATFORM_STAFF,
    'api/v1/organizations/': PUBLIC,
    'stripe/webhook/': PUBLIC,
    'plattform/fakturering/': PLATFORM_STAFF,
    'plattform/fakturering/fakturor/<int:pk>/e-faktura.xml': PLATFORM_STAFF,
    'plattform/fakturering/<slug:slug>/': PLATFORM_STAFF,
    'plattform/fakturering/<slug:slug>/provperiod/': PLATFORM_STAFF,
    'plattform/fakturering/<slug:slug>/starta/': PLATFORM_STAFF,
    'plattform/fakturering/<slug:slug>/plan/': PLATFORM_STAFF,
    'plattform/fakturering/<slug:slug>/anstand/': PLATFORM_STAFF,
    'plattform/fakturering/<slug:slug>/avsluta/': PLATFORM_STAFF,
    'plattform/registrerade/': PLATFORM_STAFF,
    'plattform/registrerade/<int:pk>/': PLATFORM_STAFF,
    'plattform/registrerade/<int:pk>/status/': PLATFORM_STAFF,
    'plattform/registrerade/<int:pk>/export.json': PLATFORM_STAFF,
    'plattform/registrerade/<int:pk>/sammanstallning/': PLATFORM_STAFF,
    'admin/': PLATFORM_STAFF,
    'admin/login/': PLATFORM_STAFF,
    'admin/logout/': PUBLIC,
    'admin/password_change/': PLATFORM_STAFF,
    'admin/password_change/done/': PLATFORM_STAFF,
    'admin/autocomplete/': PLATFORM_STAFF,
    'admin/jsi18n/': PLATFORM_STAFF,
    'admin/r/<path:content_type_id>/<path:object_id>/': PLATFORM_STAFF,
    'admin/organizations/organization/': PLATFORM_STAFF,
    'admin/organizations/organization/add/': PLATFORM_STAFF,
    'admin/organizations/organization/<path:object_id>/history/': PLATFORM_STAFF,
    'admin/organizations/organization/<path:object_id>/delete/': PLATFORM_STAFF,
    'admin/organizations/organization/<path:object_id>/change/': PLATFORM_STAFF,
    'admin/organizations/organization/<path:object_id>/': PLATFORM_STAFF,
    'admin/organizations/provisioningrequest/': PLATFORM_STAFF,
    'admin/organizations/provisioningrequest/add/': PLATFORM_STAFF,
    'admin/organizations/provisioningrequest/<path:object_id>/history/': PLATFORM_STAFF,
    'admin/organizations/provisioningrequest/<path:object_id>/delete/': PLATFORM_STAFF,
    'admin/organizations/provisioningrequest/<path:object_id>/change/': PLATFORM_STAFF,
    'admin/organizations/provisioningrequest/<path:object_id>/': PLATFORM_STAFF,
    'admin/accounts/person/': PLATFORM_STAFF,
    'admin/accounts/person/add/': PLATFORM_STAFF,
    'admin/accounts/person/<path:object_id>/history/': PLATFORM_STAFF,
    'admin/accounts/person/<path:object_id>/delete/': PLATFORM_STAFF,
    'admin/accounts/person/<path:object_id>/change/': PLATFORM_STAFF,
    'admin/accounts/person/<path:object_id>/': PLATFORM_STAFF,
    'admin/auth/group/': PLATFORM_STAFF,
    'admin/auth/group/add/': PLATFORM_STAFF,
    'admin/auth/group/<path:object_id>/history/': PLATFORM_STAFF,
    'admin/auth/group/<path:object_id>/delete/': PLATFORM_STAFF,
    'admin/auth/group/<path:object_id>/change/': PLATFORM_STAFF,
    'admin/auth/group/<path:object_id>/': PLATFORM_STAFF,
    'admin/accounts/apitoken/': PLATFORM_STAFF,
    'admin/accounts/apitoken/add/': PLATFORM_STAFF,
    'admin/accounts/apitoken/<path:object_id>/history/': PLATFORM_STAFF,
    'admin/accounts/apitoken/<path:object_id>/delete/': PLATFORM_STAFF,
    'admin/accounts/apitoken/<path:object_id>/change/': PLATFORM_STAFF,
    'admin/accounts/apitoken/<path:object_id>/': PLATFORM_STAFF,
    'admin/axes/accessattempt/': PLATFORM_STAFF,
    'admin/axes/accessattempt/add/': PLATFORM_STAFF,
    'admin/axes/accessattempt/<path:object_id>/history/': PLATFORM_STAFF,
    'admin/axes/accessattempt/<path:object_id>/delete/': PLATFORM_STAFF,
    'admin/axes/accessattempt/<path:object_id>/change/': PLATFORM_STAFF,
    'admin/axes/accessattempt/<path:object_id>/': PLATFORM_STAFF,
    'admin/axes/accesslog/': PLATFORM_STAFF,
    'admin/axes/accesslog/add/': PLATFORM_STAFF,
    'admin/axes/accesslog/<path:object_id>/history/': PLATFORM_STAFF,
    'admin/axes/accesslog/<path:object_id>/delete/': PLATFORM_STAFF,
    'admin/axes/accesslog/<path:object_id>/change/': PLATFORM_STAFF,
    'admin/axes/accesslog/<path:object_id>/': PLATFORM_STAFF,
    'admin/axes/accessfailurelog/': PLATFORM_STAFF,
    'admin/axes/accessfailurelog/add/': PLATFORM_STAFF,
    'admin/axes/accessfailurelog/<path:object_id>/history/': PLATFORM_STAFF,
    'admin/axes/accessfailurelog/<path:object_id>/delete/': PLATFORM_STAFF,
    'admin/axes/accessfailurelog/<path:object_id>/change/': PLATFORM_STAFF,
    'admin/axes/accessfailurelog/<path:object_id>/': PLATFORM_STAFF,
    'admin/sso/identityprovider/': PLATFORM_STAFF,
    'admin/sso/identityprovider/add/': PLATFORM_STAFF,
    'admin/sso/identityprovider/<path:object_id>/history/': PLATFORM_STAFF,
    'admin/sso/identityprovider/<path:object_id>/delete/': PLATFORM_STAFF,
    'admin/sso/identityprovider/<path:object_id>/change/': PLATFORM_STAFF,
    'admin/sso/identityprovider/<path:object_id>/': PLATFORM_STAFF,
    'admin/^(?P<app_label>organizations|accounts|sso|auth|axes)/$': PLATFORM_STAFF,
    'admin/(?P<url>.*)$': PLATFORM_STAFF,
    'accounts/login/': PUBLIC,
    'accounts/logout/': PUBLIC,
    'accounts/password-reset/': PUBLIC,
    'accounts/password-reset/sent/': PUBLIC,
    'accounts/password-reset/<uidb64>/<token>/': PUBLIC,
    'accounts/password-reset/done/': PUBLIC,
    'accounts/switch/<slug:slug>/': PUBLIC,
    'accounts/handoff/': PUBLIC,
    'i18n/setlang/': PUBLIC,
    'api/v1/auth/token/': PUBLIC,
    'api/schema/': PUBLIC,
    'api/docs/': PUBLIC,
}
# fmt: on

CANARIES = {"alfa": "KANARIE-RUTT-ALFA-3b7e", "beta": "KANARIE-RUTT-BETA-9d1c"}

# Path parameters named ``pk`` take the id of the row their route is about.
PK_ROWS = [
    ("api/v1/needs/", "need"),
    ("behov/", "need"),
    ("api/v1/ideas/", "idea"),
    ("idéer/", "idea"),
    ("portal/ideer/", "idea"),
    ("api/v1/calls/", "call"),
    ("utlysningar/", "call"),
    ("portal/utlysningar/", "call"),
    ("api/v1/next-steps/", "next_step"),
    ("api/v1/meetings/", "meeting"),
    ("idérådet/sammanträden/", "meeting"),
    ("api/v1/agenda-items/", "agenda_item"),
    ("idérådet/ärenden/", "agenda_item"),
    ("api/v1/trials/", "trial"),
    ("tester/", "trial"),
    ("api/v1/activities/", "activity"),
    ("aktiviteter/", "activity"),
    ("api/v1/methods/", "method"),
    ("metoder/", "method"),
    # Memberships and tokens: access is decided before the row is looked up.
    ("medlemmar/", "missing"),
    ("api-nycklar/", "missing"),
    ("api/v1/members/", "missing"),
    ("api/v1/auth/tokens/", "missing"),
    # Rows of the network layer are not made here: the id names no row, and
    # access is decided before the row is looked up.
    ("api/v1/network/", "missing"),
    # Billing: access is decided before the row is looked up.
    ("fakturering/", "missing"),
    ("plattform/fakturering/", "missing"),
    ("plattform/registrerade/", "missing"),
    ("natverk/", "missing"),
]


def routes_of(urlconf: str) -> list[tuple[str, Any, str]]:
    """Every URL pattern of ``urlconf``: its full route, view and namespace."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, Any, str]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.callback, namespace

    return list(walk(get_resolver(urlconf).url_patterns, "", ""))


def methods_of(route: str, access: Members | str, view: Any) -> list[str]:
    if isinstance(access, Members):
        return access.methods()
    if access == PLATFORM_STAFF:
        return ["GET", "POST"]
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return list(ALL_METHODS)
    answered = [
        m.upper() for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)
    ]
    return answered + (["HEAD", "OPTIONS"] if "GET" in answered else [])


@dataclass
class Organisation:
    """One organisation's rows (their ids) and the people who use it."""

    slug: str
    host: str
    ids: dict[str, Any]
    people: dict[str, Any]


def _rows_of(slug: str, by: Any) -> dict[str, Any]:
    canary = CANARIES[slug]
    with schema_context(slug):
        need = rows.need(title=canary, description=canary)
        call = rows.call(title="Utlysning om matsvinn")
        idea = factories.make_idea(title=canary, description=canary)
        today = timezone.localdate()
        next_step = NextStep.objects.create(idea=idea, owner=by, due_on=today, description=canary)
        meeting = council_make.meeting(by, title=canary)
        item = council_make.item(by, at=meeting)
        trial = Trial.objects.create(
            idea=idea, title=canary, goal=canary, hypothesis=canary, starts_on=today, ends_on=today
        )
        activity = activity_make.activity(today, title=canary)
        participant = Participant.objects.create(activity=activity, name=canary, role="staff")
        method = library_make.method(title=canary, description=canary)
        contact = factories.make_contact()
    return {
        "need": need.pk,
        "call": call.pk,
        "idea": idea.pk,
        "next_step": next_step.pk,
        "meeting": meeting.pk,
        "agenda_item": item.pk,
        "trial": trial.pk,
        "activity": activity.pk,
        "participant": participant.pk,
        "method": method.pk,
        "contact_token": contact.access_token,
        "missing": 2_000_000_000,
    }


@pytest.fixture
def organisations(tenant_a, tenant_b, member_of) -> dict[str, Organisation]:  # type: ignore[no-untyped-def]
    made = {}
    for organization in (tenant_a, tenant_b):
        people = {role: member_of(organization, role=role) for role in Role.values}
        made[organization.slug] = Organisation(
            slug=organization.slug,
            host=organization.domains.get(is_primary=True).domain,
            ids=_rows_of(organization.slug, people[Role.ADMIN]),
            people=people,
        )
    connection.set_schema_to_public()
    return made


def url_of(route: str, ids: dict[str, Any], extra: dict[str, str]) -> str:
    values = {
        "participant_pk": ids["participant"],
        "attachment_pk": ids["missing"],
        "year": timezone.localdate().year,
        "name": REPORT_NAMES[0],
        "registration_number": "IR-0000-0",
        "token": ids["contact_token"],
        "uidb64": "MQ",
        "slug": "beta",
        "kind": "need",
        "source_id": ids["need"],
        **extra,
    }
    if "pk" in route:
        row = next((row for prefix, row in PK_ROWS if route.startswith(prefix)), None)
        assert row is not None, f"No row fills <pk> of {route}: add its prefix to PK_ROWS."
        values["pk"] = ids[row]

    def value(match: re.Match[str]) -> str:
        return str(values[match.group(1)])

    url = re.sub(r"<(?:\w+:)?(\w+)>", value, route)
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, url)
    return "/" + url.replace("^", "").replace("$", "")


def send(client: Client, method: str, url: str, **headers: Any) -> Any:
    """One request whose writes are rolled back, so every request sees the same rows."""
    api = url.startswith("/api/")
    savepoint = transaction.savepoint()
    cookies = copy.deepcopy(client.cookies)  # a logout must not log the next request out
    try:
        return client.generic(
            method,
            url,
            b"{}" if api else b"",
            content_type="application/json" if api else "application/x-www-form-urlencoded",
            **headers,
        )
    finally:
        transaction.savepoint_rollback(savepoint)
        connection.set_schema_to_public()
        client.cookies = cookies


def client_on(host: str, person: Any = None) -> Client:
    client = Client(HTTP_HOST=host)
    client.raise_request_exception = False
    if person is not None:
        client.force_login(person)
    return client


def token_of(organisation: Organisation, person: Any) -> str:
    response = client_on(organisation.host).post(
        "/api/v1/auth/token/",
        {"email": person.email, "password": factories.TEST_PASSWORD},
        content_type="application/json",
    )
    connection.set_schema_to_public()
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def refused_to_outsiders(status: int, location: str) -> bool:
    """Not served: 401/403, or a redirect to a login page."""
    return status in (401, 403) or (status == 302 and "login" in location)


def body_of(response: Any) -> str:
    return (
        b"".join(response).decode(errors="replace")
        if response.streaming
        else response.content.decode(errors="replace")
    )


@dataclass
class Walk:
    failures: list[str] = field(default_factory=list)
    requests: int = 0

    def check(self, condition: bool, what: str) -> None:
        if not condition:
            self.failures.append(what)

    def report(self) -> str:
        return f"{len(self.failures)} of {self.requests} requests wrong:\n" + "\n".join(
            self.failures[:60]
        )


def _walk_tenant(
    organisations: dict[str, Organisation],
    identities: dict[str, tuple[Client, dict[str, str]]],
    walk: Walk,
    *,
    ids_of: str = "alfa",
) -> None:
    here = organisations["alfa"]
    routes = routes_of("config.urls_tenant")
    for route, view, _namespace in routes:
        access = TENANT_ROUTES[route]
        url = url_of(route, organisations[ids_of].ids, {})
        for method in methods_of(route, access, view):
            for who, (client, headers) in identities.items():
                response = send(client, method, url, **headers)
                walk.requests += 1
                body = body_of(response)
                what = f"{method} {url} as {who}: {response.status_code}"
                walk.check(CANARIES["beta"] not in body, f"{what} shows beta's canary")
                status = response.status_code
                location = response.get("Location", "")
                if who.startswith("role:"):
                    role = who.removeprefix("role:")
                    if isinstance(access, Members):
                        if access.capability(method) in CAPABILITIES[role]:
                            walk.check(
                                not refused_to_outsiders(status, location),
                                f"{what}, but {role} has {access.capability(method)}",
                            )
                        else:
                            walk.check(
                                status == 403,
                                f"{what}, but {role} lacks {access.capability(method)}",
                            )
                    continue
                walk.check(CANARIES[here.slug] not in body, f"{what} shows alfa's canary")
                if isinstance(access, Members):
                    walk.check(refused_to_outsiders(status, location), f"{what}: served")


class TestEveryRouteIsKnown:
    @pytest.mark.parametrize(
        ("urlconf", "table"),
        [("config.urls_tenant", TENANT_ROUTES), ("config.urls_public", PUBLIC_ROUTES)],
    )
    def test_every_route_has_an_entry_and_every_entry_a_route(self, urlconf, table):
        routes = [route for route, _view, _ns in routes_of(urlconf)]
        assert sorted(set(routes) - set(table)) == [], (
            "routes the walk does not know: add them to TENANT_ROUTES / PUBLIC_ROUTES "
            "in tests/platform/test_routes.py with the access they must have"
        )
        assert sorted(set(table) - set(routes)) == [], "entries that are no longer routes"
        assert len(routes) == len(set(routes))

    def test_the_table_names_every_method_a_view_answers(self):
        for route, view, _ns in routes_of("config.urls_tenant"):
            access = TENANT_ROUTES[route]
            view_class = getattr(view, "view_class", None)
            if isinstance(access, Members) and view_class is not None:
                answered = {
                    m.upper()
                    for m in ("get", "post", "put", "patch", "delete")
                    if hasattr(view_class, m)
                }
                assert answered == set(access.by_method), route


class TestTheCapabilityTable:
    def test_is_the_reviewed_role_matrix(self):
        assert {
            role: sorted(caps) for role, caps in CAPABILITIES.items()
        } == role_matrix.REVIEWED, (
            "CAPABILITIES changed: update tests/platform/role_matrix.py in the same commit"
        )

    def test_grants_every_capability_a_route_needs_to_some_role(self):
        needed = {
            c
            for access in [*TENANT_ROUTES.values(), *PUBLIC_ROUTES.values()]
            if isinstance(access, Members)
            for c in access.by_method.values()
        }
        granted = set().union(*CAPABILITIES.values())
        assert needed <= granted, "routes need capabilities that no role has"


class TestOrganisationHost:
    def test_outsiders_get_nothing_and_see_no_canary(self, organisations):
        alfa, beta = organisations["alfa"], organisations["beta"]
        outsider = beta.people[Role.ADMIN]
        identities = {
            "anonymous": (client_on(alfa.host), {}),
            "member of beta (session)": (client_on(alfa.host, outsider), {}),
            "member of beta (token)": (
                client_on(alfa.host),
                {"HTTP_AUTHORIZATION": f"Token {token_of(beta, outsider)}"},
            ),
        }
        walk = Walk()
        _walk_tenant(organisations, identities, walk)
        print(f"{walk.requests} requests")
        assert walk.failures == [], walk.report()

    def test_every_role_gets_exactly_what_the_capability_table_grants(self, organisations):
        alfa = organisations["alfa"]
        identities = {
            f"role:{role}": (client_on(alfa.host, person), {})
            for role, person in alfa.people.items()
        }
        walk = Walk()
        _walk_tenant(organisations, identities, walk)
        print(f"{walk.requests} requests")
        assert walk.failures == [], walk.report()

    def test_another_organisations_ids_show_none_of_its_rows(self, organisations):
        alfa = organisations["alfa"]
        identities = {"role:admin": (client_on(alfa.host, alfa.people[Role.ADMIN]), {})}
        walk = Walk()
        _walk_tenant(organisations, identities, walk, ids_of="beta")
        walk.failures = [f for f in walk.failures if "canary" in f]
        assert walk.failures == [], walk.report()


class TestPublicSite:
    def test_only_platform_staff_use_the_admin_and_nobody_sees_a_canary(self, organisations):
        alfa = organisations["alfa"]
        staff = factories.PersonFactory(
            platform_role="platform_staff", is_staff=True, is_superuser=True
        )
        identities = {
            "anonymous": client_on("localhost"),
            "member of alfa": client_on("localhost", alfa.people[Role.ADMIN]),
            "platform staff": client_on("localhost", staff),
        }
        ids = {**alfa.ids, "missing": alfa.ids["need"]}
        walk = Walk()
        for route, view, _ns in routes_of("config.urls_public"):
            access = PUBLIC_ROUTES[route]
            url = url_of(
                route,
                ids,
                {
                    "object_id": "1",
                    "content_type_id": "1",
                    "app_label": "accounts",
                    "url": "x/",
                    "county": "01",
                    "file_format": "csv",
                },
            )
            for method in methods_of(route, access, view):
                for who, client in identities.items():
                    response = send(client, method, url)
                    walk.requests += 1
                    body = body_of(response)
                    what = f"{method} {url} as {who}: {response.status_code}"
                    for canary in CANARIES.values():
                        walk.check(canary not in body, f"{what} shows a canary")
                    if access == PLATFORM_STAFF and route != "admin/login/":
                        location = response.get("Location", "")
                        if who == "platform staff":
                            # Let in; the admin's own model permissions may still say 403.
                            walk.check(
                                not (response.status_code == 302 and "login" in location), what
                            )
                        else:
                            walk.check(refused_to_outsiders(response.status_code, location), what)
        print(f"{walk.requests} requests")
        assert walk.failures == [], walk.report()
