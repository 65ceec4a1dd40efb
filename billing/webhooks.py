"""Stripe's webhook on the public site: verify, store by id, handle once."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing import services, stripe_client
from shared.accounts.permissions import public_route

logger = logging.getLogger(__name__)


@csrf_exempt
@public_route(reason="Stripe calls it; every request must carry Stripe's signature (checked).")
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Answer 400 to a forged, stale or unreadable event; 200 once stored (a replay does nothing).

    The event is stored before it is handled, in its own transaction, so a
    failure while handling leaves it stored as failed and Stripe's retry
    (same id) handles it again; a handled one is never handled twice.
    """
    try:
        event = stripe_client.event_verify(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
    except stripe_client.SignatureError:
        return JsonResponse({"error": {"code": "bad_signature"}}, status=400)
    except ValueError:
        return JsonResponse({"error": {"code": "bad_payload"}}, status=400)
    stored, _new = services.event_record(event=event)
    try:
        handled = services.event_handle(stripe_event_id=stored.stripe_id)
    except stripe_client.StripeError as error:
        logger.warning(
            "Stripe event %s could not be handled: %s", stored.stripe_id, type(error).__name__
        )
        services.event_failed(stripe_event_id=stored.stripe_id, error=type(error).__name__)
        return JsonResponse({"error": {"code": "stripe_unavailable"}}, status=503)
    return JsonResponse({"id": handled.stripe_id, "outcome": handled.outcome})
