"""The English translation is complete, compiled, and what an English visitor sees."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parents[2]
ENGLISH_PO = PROJECT_DIR / "platform" / "locale" / "en" / "LC_MESSAGES" / "django.po"
ENGLISH_MO = ENGLISH_PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _entries(
    catalog: polib.POFile | polib.MOFile,
) -> dict[tuple[str, str], tuple[str, dict[int, str]]]:
    """Key every message by (context, msgid); the header is left out."""
    return {
        (entry.msgctxt or "", entry.msgid): (
            entry.msgstr,
            {int(k): v for k, v in entry.msgstr_plural.items()},
        )
        for entry in catalog
        if entry.msgid
    }


class TestEnglishCatalog:
    def test_every_msgid_has_an_english_translation_and_none_is_fuzzy(self):
        catalog = polib.pofile(str(ENGLISH_PO))

        untranslated = [e.msgid for e in catalog.untranslated_entries()]
        fuzzy = [e.msgid for e in catalog.fuzzy_entries()]

        assert len(catalog) > 0
        assert untranslated == []
        assert fuzzy == []
        assert not catalog.metadata_is_fuzzy
        assert catalog.metadata["Language"] == "en"

    def test_placeholders_survive_translation(self):
        catalog = polib.pofile(str(ENGLISH_PO))

        def pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
            """(source, translation) pairs: singular with msgid, other forms with msgid_plural."""
            if not entry.msgid_plural:
                return [(entry.msgid, entry.msgstr)]
            forms = entry.msgstr_plural
            return [(entry.msgid if int(n) == 0 else entry.msgid_plural, forms[n]) for n in forms]

        mismatched = [
            e.msgid
            for e in catalog
            for source, text in pairs(e)
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text))
        ]

        assert mismatched == []

    def test_the_committed_mo_is_what_the_po_compiles_to(self, tmp_path):
        """Run `make messages` after editing the .po; this fails until you do."""
        compiled = tmp_path / "django.mo"
        polib.pofile(str(ENGLISH_PO)).save_as_mofile(str(compiled))

        committed = _entries(polib.mofile(str(ENGLISH_MO)))
        expected = _entries(polib.mofile(str(compiled)))

        assert committed == expected


@pytest.mark.django_db
class TestPagesInEnglish:
    def test_an_english_visitor_reads_the_home_page_in_english(
        self, tenant_a, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

        page = client.get("/").content.decode()

        assert '<html lang="en">' in page
        assert "You are logged in as Administrator." in page
        assert "Du är inloggad som" not in page

    def test_without_a_language_choice_the_home_page_is_in_swedish(
        self, tenant_a, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        page = client.get("/").content.decode()

        assert '<html lang="sv">' in page
        assert "Du är inloggad som Administratör." in page
        assert "You are logged in as" not in page
