"""An admin prepares the council's agenda, a council member decides, the submitter is told,
and the decision is a public record on the portal."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from tests.factories import TEST_PASSWORD, MembershipFactory, make_idea

pytestmark = pytest.mark.browser

TITLE = "Lådcyklar till hemtjänsten"
MEMO = "Hemtjänsten i centrum vill testa två lådcyklar under våren."
RATIONALE = "Värd att testa i två hemtjänstgrupper under tre månader."


@pytest.fixture
def admin(committed_tenant_a):
    return MembershipFactory(
        organization=committed_tenant_a,
        role="admin",
        person__email="astrid.admin@example.org",
        person__full_name="Astrid Admin",
    ).person


@pytest.fixture
def council_member(committed_tenant_a):
    return MembershipFactory(
        organization=committed_tenant_a,
        role="council_member",
        person__email="rune.radsledamot@example.org",
        person__full_name="Rune Rådsledamot",
    ).person


@pytest.fixture
def submitter(committed_tenant_a):
    return MembershipFactory(
        organization=committed_tenant_a,
        role="staff",
        person__email="sara.inlamnare@example.org",
        person__full_name="Sara Inlämnare",
    ).person


@pytest.fixture
def idea(committed_tenant_a, submitter):
    """Submitted by a staff member through idea_submit beforehand."""
    with tenant_context(committed_tenant_a):
        return make_idea(
            title=TITLE,
            description="Bilarna står still i rusningstrafik; lådcyklar kommer fram.",
            submitted_by=submitter,
        )


def log_in(page: Page, url: str, email: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()


class TestCouncil:
    def test_an_agenda_is_prepared_a_decision_recorded_mailed_and_published(
        self, page, live_server, committed_tenant_a, admin, council_member, submitter, idea, url_of
    ):
        today = timezone.localdate()
        number = f"BES-{today.year}-0001"

        # The admin sets the year's budget and prepares a meeting with the idea on its agenda.
        log_in(page, url_of(committed_tenant_a, "/"), admin.email)
        page.get_by_role("navigation", name="Huvudmeny").get_by_role(
            "link", name="Idérådet"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Idérådet")
        page.get_by_label("Budget (kr)").fill("500 000")
        page.get_by_role("button", name="Spara budget").click()
        expect(page.get_by_text(f"Budgeten för {today.year} är 500 000 kr.")).to_be_visible()
        expect(page.locator('[data-budget="remaining"]')).to_have_text("500 000 kr")

        page.get_by_role("link", name="Planera ett sammanträde").click()
        page.get_by_label("Datum").fill(today.isoformat())
        page.get_by_label("Rubrik").fill("Idérådets sammanträde")
        page.get_by_label("Plats").fill("Stadshuset, rum 4")
        page.get_by_role("button", name="Planera sammanträdet").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Idérådets sammanträde")

        page.get_by_label(re.compile(r"^Idé( \*)?$")).select_option(
            label=f"{idea.registration_number} {TITLE} (Inkommen)"
        )
        page.get_by_label("Beredning").fill(MEMO)
        page.get_by_role("button", name="Sätt upp på dagordningen").click()
        expect(
            page.get_by_text(f"{idea.registration_number} är nu § 1 på dagordningen.")
        ).to_be_visible()
        item = page.locator("article.agenda-item").first
        expect(item.get_by_role("heading", level=3)).to_have_text(
            f"§ 1 {idea.registration_number} {TITLE}"
        )
        expect(item).to_contain_text(MEMO)
        meeting_url = page.url
        page.get_by_role("button", name="Logga ut").click()

        # A council member records the decision: fund a test, with an amount and a rationale.
        log_in(page, meeting_url, council_member.email)
        expect(page.get_by_role("heading", level=1)).to_have_text("Idérådets sammanträde")
        form = page.get_by_role("form", name=f"Beslut om {idea.registration_number}")
        form.get_by_label(re.compile(r"^Beslut( \*)?$")).select_option(label="Finansiera test")
        form.get_by_label("Beviljat belopp (kr)").fill("150 000")
        expect(form.get_by_label("Beslutsdatum")).to_have_value(today.isoformat())
        form.get_by_label("Motivering").fill(RATIONALE)
        mail.outbox.clear()
        form.get_by_role("button", name="Registrera beslutet").click()

        expect(
            page.get_by_text(f"Beslutet är registrerat med diarienummer {number}.")
        ).to_be_visible()
        decision = page.locator("article.agenda-item .decision")
        expect(decision).to_contain_text(number)
        expect(decision).to_contain_text("150 000 kr")

        # The submitter got the decision by mail.
        decision_mails = [m for m in mail.outbox if "idérådets beslut" in m.subject]
        assert [m.to for m in decision_mails] == [[submitter.email]]
        body = str(decision_mails[0].body)
        assert f"Diarienummer: {number}" in body
        assert "Beviljat belopp: 150 000 kr" in body
        assert RATIONALE in body

        # Anyone can read the decision on the portal, without who submitted the idea.
        page.goto(url_of(committed_tenant_a, "/portal/beslut/"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Idérådets beslut")
        row = page.get_by_role("row", name=re.compile(number))
        expect(row).to_contain_text("Finansiera test")
        expect(row).to_contain_text("150 000 kr")
        expect(row).to_contain_text(f"{idea.registration_number} {TITLE}")
        expect(page.locator("main")).not_to_contain_text("Sara Inlämnare")
        expect(page.locator("main")).not_to_contain_text(submitter.email)

        row.get_by_role("link", name=number).click()
        expect(page).to_have_url(url_of(committed_tenant_a, quote(f"/portal/beslut/{number}/")))
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Beslut {number}")
        expect(page.locator("main")).to_contain_text(RATIONALE)
