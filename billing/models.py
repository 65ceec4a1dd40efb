"""Billing in the public schema: who pays for an organisation, their Stripe mirror, events.

Stripe is the record of subscriptions and invoices; the rows here mirror
each object's current state as last fetched from Stripe (never from an
event's payload), so the organisation's status can be computed without a call.
No card data is ever stored: Stripe holds payment methods, we hold their ids
at most, and events are kept by id and type only.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from billing import orgnr, plans


class PaymentMethod(models.TextChoices):
    INVOICE = "invoice", _("Faktura, 30 dagar")
    CARD = "card", _("Kort")


class SplitMethod(models.TextChoices):
    SINGLE = "single", _("En betalare")
    EQUAL = "equal", _("Lika delar")
    POPULATION = "population", _("Efter invånarantal")
    CUSTOM = "custom", _("Egna andelar")


class BillingAccount(models.Model):
    """An organisation's subscription terms (abonnemang): plan, how it pays, how it splits."""

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="billing_account",
    )
    plan_code = models.CharField(_("plan"), max_length=40, choices=plans.plan_choices())
    payment_method = models.CharField(
        _("betalsätt"), max_length=16, choices=PaymentMethod.choices, default=PaymentMethod.INVOICE
    )
    split_method = models.CharField(
        _("fördelning"), max_length=16, choices=SplitMethod.choices, default=SplitMethod.SINGLE
    )
    trial_ends_on = models.DateField(_("provperioden slutar"), null=True, blank=True)
    # Platform staff may give an organisation longer to pay before it is suspended.
    grace_extended_until = models.DateField(_("anstånd till"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("abonnemang")
        verbose_name_plural = _("abonnemang")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(payment_method__in=PaymentMethod.values),
                name="billing_account_payment_method_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(split_method__in=SplitMethod.values),
                name="billing_account_split_method_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.slug}: {self.plan_code}"

    @property
    def plan(self) -> plans.Plan:
        return plans.plan_get(self.plan_code)


class Payer(models.Model):
    """Who is invoiced (betalare): the organisation itself, or one member municipality of a group.

    Each payer is one Stripe customer with its organisation number, invoice
    address, the buyer's reference (*er referens*) and a billing contact.
    """

    account = models.ForeignKey(
        BillingAccount,
        verbose_name=_("abonnemang"),
        on_delete=models.CASCADE,
        related_name="payers",
    )
    # Blank: the organisation pays for itself; else the SCB code of the member municipality.
    municipality_code = models.CharField(_("kommunkod (SCB)"), max_length=4, blank=True)
    name = models.CharField(_("namn"), max_length=200)
    organization_number = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, validators=[orgnr.validate]
    )
    address_line1 = models.CharField(_("fakturaadress"), max_length=200, blank=True)
    address_line2 = models.CharField(_("adressrad 2"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("ort"), max_length=100, blank=True)
    buyer_reference = models.CharField(_("er referens"), max_length=100, blank=True)
    contact_name = models.CharField(_("kontaktperson för fakturor"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post för fakturor"), blank=True)
    custom_share_percent = models.DecimalField(
        _("egen andel (%)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    stripe_customer_id = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("betalare")
        verbose_name_plural = _("betalare")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "municipality_code"], name="billing_payer_one_per_municipality"
            ),
            models.UniqueConstraint(
                fields=["stripe_customer_id"],
                condition=~models.Q(stripe_customer_id=""),
                name="billing_payer_stripe_customer_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization_number})"

    @property
    def is_complete(self) -> bool:
        """Whether Stripe and an e-invoice have all they need to invoice this payer."""
        return all(
            [
                self.organization_number,
                self.address_line1,
                self.postal_code,
                self.city,
                self.buyer_reference,
                self.contact_email,
            ]
        )


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    ENDED = ("canceled", "incomplete_expired")

    def live(self) -> SubscriptionQuerySet:
        return self.exclude(status__in=self.ENDED)


class Subscription(models.Model):
    """A payer's Stripe subscription as last fetched from Stripe."""

    payer = models.ForeignKey(
        Payer, verbose_name=_("betalare"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    stripe_id = models.CharField(max_length=255, unique=True)
    plan_code = models.CharField(_("plan"), max_length=40)
    stripe_plan_id = models.CharField(max_length=255)
    # The payer's yearly share, excluding VAT.
    amount_ore = models.BigIntegerField(_("belopp per år exkl. moms (öre)"))
    # Stripe's own status: trialing, active, past_due, unpaid, canceled, incomplete, …
    status = models.CharField(_("status i Stripe"), max_length=32)
    current_period_end = models.DateTimeField(_("nuvarande period slutar"), null=True, blank=True)
    trial_end = models.DateTimeField(_("provperioden slutar"), null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    synced_at = models.DateTimeField(_("hämtad från Stripe"), auto_now=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("prenumeration")
        verbose_name_plural = _("prenumerationer")

    def __str__(self) -> str:
        return f"{self.stripe_id} ({self.status})"


class InvoiceQuerySet(models.QuerySet["Invoice"]):
    def outstanding(self) -> InvoiceQuerySet:
        return self.filter(status="open")


class Invoice(models.Model):
    """A Stripe invoice as last fetched from Stripe, with what the e-invoice needs."""

    payer = models.ForeignKey(
        Payer, verbose_name=_("betalare"), on_delete=models.CASCADE, related_name="invoices"
    )
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("prenumeration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invoices",
    )
    stripe_id = models.CharField(max_length=255, unique=True)
    number = models.CharField(_("fakturanummer"), max_length=64, blank=True)
    # Stripe's status: draft, open, paid, void, uncollectible.
    status = models.CharField(_("status"), max_length=32)
    currency = models.CharField(max_length=3, default=plans.CURRENCY)
    subtotal_ore = models.BigIntegerField(_("belopp exkl. moms (öre)"), default=0)
    tax_ore = models.BigIntegerField(_("moms (öre)"), default=0)
    total_ore = models.BigIntegerField(_("att betala (öre)"), default=0)
    amount_paid_ore = models.BigIntegerField(_("betalt (öre)"), default=0)
    issued_at = models.DateTimeField(_("utställd"))
    due_on = models.DateField(_("förfallodag"), null=True, blank=True)
    paid_at = models.DateTimeField(_("betald"), null=True, blank=True)
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    hosted_invoice_url = models.URLField(_("faktura hos Stripe"), max_length=500, blank=True)
    invoice_pdf = models.URLField(_("PDF"), max_length=500, blank=True)
    # Description, quantity and amount of each line: what the e-invoice lists.
    lines = models.JSONField(default=list, blank=True)
    synced_at = models.DateTimeField(_("hämtad från Stripe"), auto_now=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("faktura")
        verbose_name_plural = _("fakturor")
        indexes = [models.Index(fields=["status", "due_on"], name="billing_invoice_status_due")]

    def __str__(self) -> str:
        return f"{self.number or self.stripe_id} ({self.status})"

    @property
    def due_date(self) -> datetime.date:
        """When payment is due: the due date for invoices sent, the issue day for card charges."""
        return self.due_on or self.issued_at.date()


class EventOutcome(models.TextChoices):
    RECEIVED = "received", _("Mottagen")
    HANDLED = "handled", _("Hanterad")
    IGNORED = "ignored", _("Okänd typ, ignorerad")
    FAILED = "failed", _("Misslyckades")


class StripeEvent(models.Model):
    """A webhook event from Stripe, stored first and handled once.

    Kept by id, type and the object it is about; never its payload, which
    may carry card details (brand, last four digits) the platform must not keep.
    """

    stripe_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=16, choices=EventOutcome.choices, default=EventOutcome.RECEIVED
    )
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("händelse från Stripe")
        verbose_name_plural = _("händelser från Stripe")

    def __str__(self) -> str:
        return f"{self.stripe_id} {self.type} ({self.outcome})"
