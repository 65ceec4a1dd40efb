"""Text that PostgreSQL cannot store: NUL characters and lone surrogates.

psycopg2 refuses a string with a NUL (``ValueError``) and cannot encode a lone
surrogate (``UnicodeEncodeError``): either would reach the database as a
server error. Input is checked for both where it enters (the request guard
and the API's parsers) and refused with a 400.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def is_storable(text: str) -> bool:
    """True when PostgreSQL can store ``text`` as it is."""
    return _UNSTORABLE.search(text) is None


def all_storable(texts: Iterable[str]) -> bool:
    return all(is_storable(text) for text in texts)
