"""A SAML 2.0 identity provider made with pysaml2 for the tests: own key pair, signed assertions."""

from __future__ import annotations

import base64
import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

from shared.sso import saml

IDP_ENTITY_ID = "https://idp.kommun.test/saml"
SSO_URL = "https://idp.kommun.test/saml/sso"
AUTHN = {"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"}


def key_pair(folder: Path, name: str) -> tuple[str, str]:
    """A fresh RSA key and a self-signed certificate for it, as PEM files; return their paths."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


class SamlIdp:
    """The provider: publishes metadata, reads our request, answers with a signed assertion."""

    def __init__(self, folder: Path, *, name: str = "idp") -> None:
        self.key_file, self.cert_file = key_pair(folder, name)
        self.folder = folder

    def config(self, sp_metadata: list[str] | None = None) -> IdPConfig:
        config = IdPConfig()
        config.load(
            {
                "entityid": IDP_ENTITY_ID,
                "xmlsec_binary": saml.xmlsec_binary(),
                "key_file": self.key_file,
                "cert_file": self.cert_file,
                "service": {
                    "idp": {
                        "endpoints": {"single_sign_on_service": [(SSO_URL, BINDING_HTTP_REDIRECT)]},
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "policy": {"default": {"lifetime": {"minutes": 5}}},
                    }
                },
                "metadata": {"inline": sp_metadata or []},
            }
        )
        return config

    def metadata(self) -> str:
        return str(entity_descriptor(self.config()))

    def answer(
        self,
        login_url: str,
        *,
        sp_metadata: str,
        subject: str,
        attributes: dict[str, list[str]],
        sign: bool = True,
        tamper: bool = False,
    ) -> dict[str, str]:
        """The form the provider's page posts back: SAMLResponse and RelayState."""
        query = parse_qs(urlsplit(login_url).query)
        server = Server(config=self.config([sp_metadata]))
        request = server.parse_authn_request(query["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        _binding, destination = server.pick_binding(
            "assertion_consumer_service",
            bindings=[BINDING_HTTP_POST],
            entity_id=request.message.issuer.text,
        )
        response = server.create_authn_response(
            identity=attributes,
            in_response_to=request.message.id,
            destination=destination,
            sp_entity_id=request.message.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=subject),
            authn=AUTHN,
            sign_assertion=sign,
            sign_response=False,
        )
        xml = str(response)
        if tamper:
            xml = xml.replace(attributes["mail"][0], "chef@alfa.example")
        return {
            "SAMLResponse": base64.b64encode(xml.encode()).decode(),
            "RelayState": query["RelayState"][0],
            "destination": destination,
        }


def post_back(client: Any, form: dict[str, str]) -> Any:
    """The browser posts the provider's form to our ACS, then follows our redirect."""
    path = urlsplit(form["destination"]).path
    posted = client.post(
        path, {"SAMLResponse": form["SAMLResponse"], "RelayState": form["RelayState"]}
    )
    if posted.status_code != 302:
        return posted
    return client.get(posted["Location"])
