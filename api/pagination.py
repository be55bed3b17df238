"""Cursor pagination on the primary key: a page is ``WHERE id > cursor ORDER BY id LIMIT n`` — one indexed
range scan whatever the depth, and rows inserted between two requests land after every page already read
(their ids are larger), so a sync neither skips nor repeats rows."""

from __future__ import annotations

from django.conf import settings
from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    ordering = ("id",)
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        self.max_page_size = settings.API_MAX_PAGE_SIZE  # settings read per request (deployments, tests)
        self.page_size = settings.API_PAGE_SIZE
        return super().get_page_size(request)
