"""E-invoices: a Peppol BIS Billing 3.0 (EN 16931) UBL 2.1 document for each invoice.

Swedish public bodies must receive invoices electronically. The document is
built from the mirrored invoice (amounts as Stripe charged them) and the
payer's details: the buyer's reference (*er referens*, BT-10) is mandatory
for them, and both parties are identified by organisation number (Peppol
scheme 0007). tests/billing/test_einvoice.py validates the result against
the OASIS UBL 2.1 schema and the Peppol rules shipped offline.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from lxml import etree

from billing import orgnr, plans
from billing.models import Invoice

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
SWEDISH_ORGANISATION_NUMBER = "0007"
# UN/ECE 4461: credit transfer (bankgiro or account).
CREDIT_TRANSFER = "30"
# Standard rate (UNCL 5305).
STANDARD_RATE = "S"


def seller() -> dict[str, str]:
    """The platform's own details as the seller, from settings (BILLING_SELLER)."""
    return dict(settings.BILLING_SELLER)


def _money(amount_ore: int) -> str:
    return str((Decimal(amount_ore) / 100).quantize(Decimal("0.01")))


class _Builder:
    def __init__(self, currency: str) -> None:
        self.currency = currency.upper()

    def cbc(self, parent: Any, name: str, text: Any = None, **attrs: str) -> Any:
        element = etree.SubElement(parent, f"{{{NS_CBC}}}{name}", **attrs)
        if text is not None:
            element.text = str(text)
        return element

    def cac(self, parent: Any, name: str) -> Any:
        return etree.SubElement(parent, f"{{{NS_CAC}}}{name}")

    def amount(self, parent: Any, name: str, amount_ore: int) -> Any:
        return self.cbc(parent, name, _money(amount_ore), currencyID=self.currency)

    def tax_category(self, parent: Any, name: str) -> None:
        category = self.cac(parent, name)
        self.cbc(category, "ID", STANDARD_RATE)
        self.cbc(category, "Percent", plans.VAT_PERCENT)
        self.cbc(self.cac(category, "TaxScheme"), "ID", "VAT")

    def party(
        self,
        parent: Any,
        *,
        name: str,
        number: str,
        street: str,
        extra: str,
        city: str,
        postal_code: str,
        vat_number: str = "",
        f_tax: bool = False,
        contact_name: str = "",
        contact_email: str = "",
    ) -> None:
        party = self.cac(parent, "Party")
        self.cbc(party, "EndpointID", orgnr.digits_of(number), schemeID=SWEDISH_ORGANISATION_NUMBER)
        self.cbc(self.cac(party, "PartyName"), "Name", name)
        address = self.cac(party, "PostalAddress")
        self.cbc(address, "StreetName", street)
        if extra:
            self.cbc(address, "AdditionalStreetName", extra)
        self.cbc(address, "CityName", city)
        self.cbc(address, "PostalZone", postal_code)
        self.cbc(self.cac(address, "Country"), "IdentificationCode", "SE")
        if vat_number:
            scheme = self.cac(party, "PartyTaxScheme")
            self.cbc(scheme, "CompanyID", vat_number)
            self.cbc(self.cac(scheme, "TaxScheme"), "ID", "VAT")
        if f_tax:
            # Swedish sellers state their F-tax approval (Peppol rule SE-R-005).
            scheme = self.cac(party, "PartyTaxScheme")
            self.cbc(scheme, "CompanyID", "Godkänd för F-skatt")
            self.cbc(self.cac(scheme, "TaxScheme"), "ID", "TAX")
        legal = self.cac(party, "PartyLegalEntity")
        self.cbc(legal, "RegistrationName", name)
        self.cbc(legal, "CompanyID", orgnr.digits_of(number), schemeID=SWEDISH_ORGANISATION_NUMBER)
        if contact_name or contact_email:
            contact = self.cac(party, "Contact")
            if contact_name:
                self.cbc(contact, "Name", contact_name)
            if contact_email:
                self.cbc(contact, "ElectronicMail", contact_email)


def invoice_ubl(*, invoice: Invoice) -> bytes:
    """The invoice as a Peppol BIS Billing 3.0 UBL document (UTF-8 bytes)."""
    payer = invoice.payer
    me = seller()
    b = _Builder(invoice.currency)
    root = etree.Element(
        f"{{{NS_INVOICE}}}Invoice", nsmap={None: NS_INVOICE, "cac": NS_CAC, "cbc": NS_CBC}
    )
    b.cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    b.cbc(root, "ProfileID", PROFILE_ID)
    b.cbc(root, "ID", invoice.number or invoice.stripe_id)
    b.cbc(root, "IssueDate", invoice.issued_at.date().isoformat())
    b.cbc(root, "DueDate", invoice.due_date.isoformat())
    b.cbc(root, "InvoiceTypeCode", "380")
    b.cbc(root, "DocumentCurrencyCode", b.currency)
    b.cbc(root, "BuyerReference", payer.buyer_reference or payer.contact_name or payer.name)
    if invoice.period_start and invoice.period_end:
        period = b.cac(root, "InvoicePeriod")
        b.cbc(period, "StartDate", invoice.period_start.date().isoformat())
        b.cbc(period, "EndDate", invoice.period_end.date().isoformat())
    b.party(
        b.cac(root, "AccountingSupplierParty"),
        name=me["name"],
        number=me["organization_number"],
        street=me["street"],
        extra="",
        city=me["city"],
        postal_code=me["postal_code"],
        vat_number=me["vat_number"],
        f_tax=True,
        contact_name=me.get("contact_name", ""),
        contact_email=me.get("email", ""),
    )
    b.party(
        b.cac(root, "AccountingCustomerParty"),
        name=payer.name,
        number=payer.organization_number,
        street=payer.address_line1,
        extra=payer.address_line2,
        city=payer.city,
        postal_code=payer.postal_code,
        contact_name=payer.contact_name,
        contact_email=payer.contact_email,
    )
    means = b.cac(root, "PaymentMeans")
    b.cbc(means, "PaymentMeansCode", CREDIT_TRANSFER)
    b.cbc(means, "PaymentID", invoice.number or invoice.stripe_id)
    account = b.cac(means, "PayeeFinancialAccount")
    b.cbc(account, "ID", me["bankgiro"])
    b.cbc(b.cac(account, "FinancialInstitutionBranch"), "ID", "SE:BANKGIRO")
    b.cbc(b.cac(root, "PaymentTerms"), "Note", "30 dagar netto")

    lines = invoice.lines or []
    if sum(line["amount_ore"] for line in lines) != invoice.subtotal_ore or not lines:
        lines = [
            {
                "description": "Idésluss, abonnemang",
                "quantity": 1,
                "amount_ore": invoice.subtotal_ore,
            }
        ]
    tax_total = b.cac(root, "TaxTotal")
    b.amount(tax_total, "TaxAmount", invoice.tax_ore)
    subtotal = b.cac(tax_total, "TaxSubtotal")
    b.amount(subtotal, "TaxableAmount", invoice.subtotal_ore)
    b.amount(subtotal, "TaxAmount", invoice.tax_ore)
    b.tax_category(subtotal, "TaxCategory")
    totals = b.cac(root, "LegalMonetaryTotal")
    b.amount(totals, "LineExtensionAmount", invoice.subtotal_ore)
    b.amount(totals, "TaxExclusiveAmount", invoice.subtotal_ore)
    b.amount(totals, "TaxInclusiveAmount", invoice.subtotal_ore + invoice.tax_ore)
    paid = invoice.amount_paid_ore if invoice.status == "paid" else 0
    if paid:
        b.amount(totals, "PrepaidAmount", paid)
    b.amount(totals, "PayableAmount", invoice.subtotal_ore + invoice.tax_ore - paid)
    for number, line in enumerate(lines, start=1):
        element = b.cac(root, "InvoiceLine")
        b.cbc(element, "ID", number)
        quantity = max(int(line["quantity"]), 1)
        b.cbc(element, "InvoicedQuantity", quantity, unitCode="C62")
        b.amount(element, "LineExtensionAmount", line["amount_ore"])
        item = b.cac(element, "Item")
        b.cbc(item, "Name", (line["description"] or "Idésluss, abonnemang")[:200])
        b.tax_category(item, "ClassifiedTaxCategory")
        price = b.cac(element, "Price")
        b.cbc(
            price,
            "PriceAmount",
            str((Decimal(line["amount_ore"]) / 100 / quantity).quantize(Decimal("0.01"))),
            currencyID=b.currency,
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
