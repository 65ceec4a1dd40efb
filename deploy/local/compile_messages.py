"""Compile the translations (.po to .mo) in pure Python; optionally extract the msgids first.

    .venv/bin/python deploy/local/compile_messages.py            # compile only
    .venv/bin/python deploy/local/compile_messages.py --extract  # makemessages, then compile

Compiling uses ``polib``, so a fresh machine needs no gettext binaries.
Extracting runs Django's ``makemessages -l en`` from the project root (it
needs ``xgettext``); the msgids of shared/, tenants/ and platform/ all land in
``platform/locale`` (``LOCALE_PATHS``). New msgids arrive with an empty msgstr:
translate them, then compile again.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOCALE_DIR = PROJECT_DIR / "platform" / "locale"
EXTRACT_LANGUAGES = ("en",)
IGNORED = (".venv", ".data", "tests", "bench", "staticfiles")


def extract() -> None:
    """Update every ``django.po`` with the msgids now in code and templates."""
    if shutil.which("xgettext") is None:
        raise SystemExit(
            "--extract needs xgettext (GNU gettext): sudo apt-get install -y gettext\n"
            "Compiling alone needs nothing: run this script without --extract."
        )
    command = [sys.executable, str(PROJECT_DIR / "manage.py"), "makemessages", "--no-obsolete"]
    for language in EXTRACT_LANGUAGES:
        command += ["-l", language]
    for pattern in IGNORED:
        command += ["--ignore", pattern]
    env = dict(os.environ)
    # makemessages never touches the database; a placeholder URL keeps the
    # settings from starting the embedded PostgreSQL server.
    env.setdefault("DATABASE_URL", "postgres://unused@localhost/unused")
    subprocess.run(command, cwd=PROJECT_DIR, env=env, check=True)


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def compile_po(po_path: Path) -> Path:
    """Write the ``.mo`` next to ``po_path`` (fuzzy and untranslated entries are left out)."""
    mo_path = po_path.with_suffix(".mo")
    catalog = polib.pofile(str(po_path), wrapwidth=0)
    catalog.save_as_mofile(str(mo_path))
    return mo_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--extract",
        action="store_true",
        help="run makemessages first (needs xgettext) to pick up new msgids",
    )
    args = parser.parse_args(argv)
    if args.extract:
        extract()
    paths = po_files()
    if not paths:
        print(f"No django.po under {LOCALE_DIR}", file=sys.stderr)
        return 1
    for po_path in paths:
        catalog = polib.pofile(str(po_path))
        missing = len(catalog.untranslated_entries()) + len(catalog.fuzzy_entries())
        mo_path = compile_po(po_path)
        note = f" ({missing} untranslated or fuzzy, left out)" if missing else ""
        print(
            f"{mo_path.relative_to(PROJECT_DIR)}: "
            f"{len(catalog.translated_entries())} messages{note}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
