"""Every page carries the content security policy of base.py: no inline code without a nonce."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse

INLINE_BLOCK = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)


def policy_of(response: HttpResponse) -> dict[str, list[str]]:
    """Return the Content-Security-Policy header as {directive: [source, …]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def nonce_of(sources: list[str]) -> str:
    (nonce,) = [source for source in sources if source.startswith("'nonce-")]
    return nonce.removeprefix("'nonce-").removesuffix("'")


@pytest.mark.django_db
class TestContentSecurityPolicy:
    def test_lets_a_page_run_scripts_and_styles_only_from_its_own_origin(
        self, client_for, tenant_a
    ):
        response = client_for(tenant_a).get("/accounts/login/")

        policy = policy_of(response)
        assert response.status_code == 200
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]

    def test_names_the_nonce_that_every_inline_script_and_style_of_the_page_carries(
        self, client_for, tenant_a
    ):
        # The API documentation (Swagger UI, public) has one inline <script> and one <style>.
        response = client_for(tenant_a).get("/api/docs/")

        policy = policy_of(response)
        nonce = nonce_of(policy["script-src"])
        inline = [
            (tag, attributes)
            for tag, attributes in INLINE_BLOCK.findall(response.content.decode())
            if "src=" not in attributes
        ]
        assert response.status_code == 200
        assert {tag for tag, _attributes in inline} == {"script", "style"}
        for tag, attributes in inline:
            assert f'nonce="{nonce}"' in attributes, tag
        assert nonce_of(policy["style-src"]) == nonce
        for directive in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in policy[directive]
            assert "'unsafe-eval'" not in policy[directive]

    def test_draws_a_new_nonce_for_every_response(self, client_for, tenant_a):
        client = client_for(tenant_a)

        first, second = (nonce_of(policy_of(client.get("/api/docs/"))["script-src"]) for _ in "12")

        assert len(first) >= 16
        assert first != second
