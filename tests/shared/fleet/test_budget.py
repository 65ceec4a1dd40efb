"""Settings refuse a pooler in transaction mode: it would mix organisations' search paths."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import database


class TestRefuseTransactionPooling:
    @pytest.mark.parametrize(
        ("url", "mode"),
        [
            ("postgres://app@pgbouncer:6432/idesluss?pgbouncer=true", ""),
            ("postgres://app@pgbouncer:6432/idesluss?pool_mode=transaction", ""),
            ("postgres://app@pgbouncer:6432/idesluss", "transaction"),
            ("postgres://app@pgbouncer:6432/idesluss", "statement"),
        ],
    )
    def test_refuses_every_transaction_mode_hint(self, url, mode):
        with pytest.raises(ImproperlyConfigured, match="session mode"):
            database.refuse_transaction_pooling(url, mode)

    @pytest.mark.parametrize("mode", ["", "session", "SESSION"])
    def test_accepts_a_direct_connection_or_session_mode(self, mode):
        database.refuse_transaction_pooling("postgres://app@pgbouncer:6432/idesluss", mode)
