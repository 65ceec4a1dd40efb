"""Create an organisation with its schema and domain from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shared.organizations import services
from shared.organizations.models import OrganizationKind, OrganizationStatus, ProvisioningStep


class Command(BaseCommand):
    help = (
        "Create an organisation (schema, tables, primary domain) in one transaction. "
        "Example: provision_organization tranas 'Idésluss Tranås' municipality_group "
        "0687 0513 0604 0512 --admin-email anna@tranas.se --admin-name 'Anna Andersson'. "
        "The first admin gets a welcome mail with a link to choose a password."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("name")
        parser.add_argument(
            "kind",
            choices=[k for k in OrganizationKind.values if k != OrganizationKind.PLATFORM],
        )
        parser.add_argument("codes", nargs="*", help="SCB municipality codes, host first")
        parser.add_argument("--domain", default="", help="default: <slug>.<base domain>")
        parser.add_argument(
            "--admin-email",
            default="",
            help="the first admin: invited by mail to choose their own password",
        )
        parser.add_argument("--admin-name", default="", help="the first admin's name")
        parser.add_argument(
            "--status", default=OrganizationStatus.TRIAL, choices=OrganizationStatus.values
        )

    def handle(
        self, *args, slug, name, kind, codes, domain, status, admin_email, admin_name, **options
    ):
        try:
            organization = services.organization_provision(
                name=name,
                slug=slug,
                kind=kind,
                municipality_codes=codes,
                domain=domain,
                admin_email=admin_email,
                admin_name=admin_name,
                status=status,
                progress=lambda percent, step: self.stdout.write(
                    f"[{percent:3d} %] {ProvisioningStep(step).label}"
                ),
            )
        except ValidationError as error:
            lines = [
                f"  {field}: {message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
            raise CommandError("Nothing was created:\n" + "\n".join(lines)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {organization.name} in schema {organization.schema_name} "
                f"({organization.population} inhabitants served)."
            )
        )
