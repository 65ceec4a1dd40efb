"""Every CSV export opens in columns in Swedish Excel: UTF-8, a BOM, semicolons between cells."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from tests.factories import make_idea

pytestmark = pytest.mark.django_db

EXPORTS = [
    reverse("ideas-export"),
    reverse("needs-export"),
    reverse("audit-export"),
    reverse("reports-csv", args=["stages"]),
    reverse("reports-csv", args=["equality"]),
]


@pytest.mark.parametrize("path", EXPORTS)
def test_the_export_is_semicolon_separated_utf8_with_a_byte_order_mark(
    path, tenant_a, member_of, client_for
):
    with tenant_context(tenant_a):
        make_idea(title="Åtgärd, med komma; och semikolon")
    page = client_for(tenant_a, person=member_of(tenant_a, "admin"))

    response = page.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    header = response.content.decode("utf-8-sig").split("\r\n")[0]
    assert ";" in header
    assert "," not in header
