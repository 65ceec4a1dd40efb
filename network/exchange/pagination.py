"""Pages of network searches: a search lists at most MAX_RESULTS items, like most search engines.

Counting every match of a broad search ("hemtjänst" among 50,000 items) costs
more than the page itself; the count stops at MAX_RESULTS instead, and a
narrower search finds the rest. A ranked search visits every match to sort
it anyway, so its page carries the number of matches (a window count) and
needs no count query of its own.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

from network.exchange.selectors import MAX_RESULTS, RankedSearch
from shared.core.api.pagination import Pagination


class CappedPaginator(Paginator):
    """Pages over at most ``MAX_RESULTS`` items: counting stops there."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, RankedSearch):
            return self.object_list.count()
        queryset: Any = self.object_list
        return int(queryset.order_by().values("pk")[:MAX_RESULTS].count())

    def page(self, number: Any) -> Page:
        search = self.object_list
        if not isinstance(search, RankedSearch):
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        if bottom >= MAX_RESULTS:
            raise EmptyPage(self.error_messages["no_results"])
        rows, matches = search.page(bottom=bottom, top=bottom + self.per_page)
        if not rows:
            return super().page(number)  # past the last page, or no match: the usual answers
        self.__dict__["count"] = matches
        return Page(rows, number, self)


class CappedPagination(Pagination):
    """The API's pagination over at most ``MAX_RESULTS`` items (``count`` stops there)."""

    django_paginator_class = CappedPaginator
