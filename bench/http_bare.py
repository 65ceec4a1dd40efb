"""The anchor of bench/http_load.py: a bare DRF list of the same idea rows.

Served by ``bench/http_wsgi.py`` in the same gunicorn as the project, but
through a Django handler with no middleware at all: no tenant routing, no
session, no authentication, no membership or route checks. The view reads the
ideas of one organisation's schema (named in the path, the search path set
directly on the connection), newest first, 25 a page, with a plain
ModelSerializer and DRF's page-number pagination. It exists only here.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.urls import path
from rest_framework import generics, pagination, serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from tenants.ideas.models import Idea


class _IdeaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Idea
        fields = [
            "id",
            "registration_number",
            "title",
            "description",
            "unit",
            "audience",
            "stage",
            "is_public",
            "created_at",
        ]


class _Pagination(pagination.PageNumberPagination):
    page_size = 25


class BareIdeaList(generics.ListAPIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    serializer_class = _IdeaSerializer
    pagination_class = _Pagination

    def get_queryset(self) -> Any:
        # django-tenants' backend sets the search path before the next query,
        # only when it changed (TENANT_LIMIT_SET_CALLS).
        connection.set_schema(self.kwargs["schema"])
        return Idea.objects.order_by("-pk")


urlpatterns = [path("bench/bare/<slug:schema>/ideas/", BareIdeaList.as_view())]
