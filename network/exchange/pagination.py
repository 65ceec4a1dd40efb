"""Pages of network searches: a search lists at most MAX_RESULTS items, like most search engines.

Counting every match of a broad search ("hemtjänst" among 50,000 items) costs
more than the page itself; the count stops at MAX_RESULTS instead, and a
narrower search finds the rest.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

from network.exchange.selectors import MAX_RESULTS
from shared.core.api.pagination import Pagination


class CappedPaginator(Paginator):
    """Pages over at most ``MAX_RESULTS`` items: counting stops there."""

    @cached_property
    def count(self) -> int:
        queryset: Any = self.object_list
        return int(queryset.order_by().values("pk")[:MAX_RESULTS].count())


class CappedPagination(Pagination):
    """The API's pagination over at most ``MAX_RESULTS`` items (``count`` stops there)."""

    django_paginator_class = CappedPaginator
