"""Referral, allocation, assessment and oversight pages (being built)."""

from django.http import Http404, HttpRequest, HttpResponse


def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    raise Http404


def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    raise Http404


def oversight_detail(request: HttpRequest, oversight_id: int) -> HttpResponse:
    raise Http404


def unallocated(request: HttpRequest) -> HttpResponse:
    raise Http404
