"""Early help queue and episode pages (being built)."""

from django.http import Http404, HttpRequest, HttpResponse


def early_help_queue(request: HttpRequest) -> HttpResponse:
    raise Http404


def early_help_detail(request: HttpRequest, episode_id: int) -> HttpResponse:
    raise Http404
