"""The public portal of an organisation: no login, on the organisation's own host.

Anonymous forms carry a honeypot and are rate limited per client address;
what people type survives every refusal (the form is re-rendered bound).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET

from shared.accounts.permissions import PublicRouteMixin, can, public_route
from shared.core import signing as organization_signing
from tenants.calls.models import IdeaCall
from tenants.contacts import selectors as contact_selectors
from tenants.contacts import services as contact_services
from tenants.contacts.models import Audience, Contact
from tenants.contacts.notifications import SUPPORT_PARAMETER
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea
from tenants.needs.models import Need
from tenants.portal import forms, ratelimit, selectors, services

THANKS_SALT = "idesluss.portal.thanks"
THANKS_MAX_AGE = 60 * 60 * 24 * 7
IDEAS_PER_PAGE = 20
SIMILAR_MIN_LENGTH = 4
SIMILAR_MAX_LENGTH = 500


def _organization(request: HttpRequest) -> Any:
    """The organisation whose host the request came to (django-tenants sets it)."""
    return request.tenant  # type: ignore[attr-defined]


def _organization_name(request: HttpRequest) -> str:
    tenant = getattr(request, "tenant", None)
    return str(getattr(tenant, "name", ""))


def _consent_text(request: HttpRequest) -> str:
    return forms.consent_text(organization_name=_organization_name(request))


def _too_many(request: HttpRequest, email: str) -> ratelimit.Verdict | None:
    """Count this submission; return the refusal if its address or its e-mail is over the limit.

    Only submissions that would store something count (and robots caught by
    the honeypot or the time trap): someone correcting a form is not held
    back. Many people share one address (a library, a workshop), so the
    address allows many more than one e-mail address does.
    """
    by_address = ratelimit.hit(request)
    by_email = ratelimit.hit_email(email)
    refused = [verdict for verdict in (by_address, by_email) if not verdict.allowed]
    return max(refused, key=lambda verdict: verdict.retry_after) if refused else None


def _filled_too_fast(request: HttpRequest, form: forms.PortalForm) -> bool:
    """The time trap: a form sent back faster than a person fills one in is shown again.

    It counts like a robot's submission; a person who was quick sends it once more.
    """
    token = str(request.POST.get(ratelimit.RENDERED_AT_FIELD, ""))
    if not ratelimit.filled_too_fast(token, organization=_organization(request)):
        return False
    ratelimit.hit(request)
    form.add_error(
        None,
        _(
            "Formuläret skickades innan det hann visas färdigt. Kontrollera det du har "
            "skrivit och skicka igen."
        ),
    )
    return True


def _too_many_message() -> str:
    return _(
        "Du har skickat många formulär på kort tid. Vänta några minuter och skicka sedan "
        "igen – det du har skrivit finns kvar."
    )


def _with_retry_after(response: HttpResponse, verdict: ratelimit.Verdict) -> HttpResponse:
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _add_service_errors(form: forms.PortalForm, error: ValidationError) -> None:
    """Put a service's errors next to the fields they are about, the rest above the form."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, field_messages in error.message_dict.items():
        target = {"submitter_gender": "gender", "consent_text": "consent"}.get(field, field)
        for message in field_messages:
            if target == "attachments" and "attachments" in form.fields:
                message = f"{message} {_files_again()}"
            if target in form.fields and target != NON_FIELD_ERRORS:
                form.add_error(target, message)
            else:
                form.add_error(None, message)


def _files_again() -> str:
    return _("Välj filerna igen: valda filer sparas inte när formuläret visas på nytt.")


def _thanks_url(request: HttpRequest, kind: str, pk: int | None) -> str:
    """The thank-you page; its reference names this organisation and works on its host only."""
    url = reverse("portal:thanks")
    if pk is None:
        return url
    ref = organization_signing.organization_dumps(
        {"k": kind, "id": pk}, salt=THANKS_SALT, organization=_organization(request)
    )
    return f"{url}?{urlencode({'ref': ref})}"


# --- Start, calls, ideas -----------------------------------------------------------


def _audience_labels(call: IdeaCall) -> list[str]:
    return [str(Audience(value).label) for value in call.audiences if value in Audience.values]


@public_route(reason="The portal's start page: open calls, for anyone.")
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    ideas = selectors.public_ideas(selectors.public_idea_queryset()[:5])
    calls = [(call, _audience_labels(call)) for call in selectors.open_calls()]
    return render(request, "portal/start.html", {"calls": calls, "ideas": ideas})


@public_route(reason="An open call, published for anyone to answer.")
@require_GET
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        call = selectors.public_call_get(pk=pk)
    except IdeaCall.DoesNotExist as error:
        raise Http404 from error
    ideas = selectors.public_ideas(selectors.public_idea_queryset(call_id=call.pk)[:50])
    return render(
        request,
        "portal/call_detail.html",
        {
            "call": call,
            "is_open": selectors.call_is_open(call),
            "audiences": _audience_labels(call),
            "ideas": ideas,
        },
    )


@public_route(reason="Published ideas, public by the organisation's choice.")
@require_GET
def idea_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.public_idea_queryset(query=query), IDEAS_PER_PAGE).get_page(
        request.GET.get("sida")
    )
    return render(
        request,
        "portal/idea_list.html",
        {
            "page": page,
            "ideas": selectors.public_ideas(page.object_list),
            "query": query,
        },
    )


class IdeaDetailView(PublicRouteMixin, View):
    """A public idea, its history and public comments; support and follow it."""

    public_reason = "A published idea; anyone may read, support and follow it."

    def _idea(self, pk: int) -> selectors.PublicIdea:
        try:
            return selectors.public_idea_get(pk=pk)
        except Idea.DoesNotExist as error:
            raise Http404 from error

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, self._idea(pk), forms.ParticipateForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        public = self._idea(pk)
        idea = Idea.objects.get(pk=public.pk)
        action = request.POST.get("action", "")
        if action not in ("support", "follow"):
            return redirect("portal:idea", pk=pk)
        if can(request, f"ideas.{action}"):
            return self._as_member(request, idea, action)
        form = forms.ParticipateForm(request.POST)
        if form.is_robot:
            ratelimit.hit(request)
            messages.success(request, _("Tack! Vi har skickat ett mejl till dig."))
            return redirect("portal:idea", pk=pk)
        if _filled_too_fast(request, form):
            return self._render(request, public, form, status=400)
        if form.is_valid():
            refused = _too_many(request, form.cleaned_data["email"])
            if refused is not None:
                form.add_error(None, _too_many_message())
                return _with_retry_after(self._render(request, public, form, status=429), refused)
            data = form.cleaned_data
            try:
                contact = services.portal_participate(
                    idea=idea,
                    action=action,
                    name=data["name"],
                    email=data["email"],
                    audience=data["audience"],
                    consent_text=_consent_text(request),
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                if action == "support":
                    messages.success(
                        request,
                        _(
                            "Tack! Vi har skickat ett mejl till dig. Öppna länken i det för att "
                            "bekräfta ditt stöd; det räknas först då. Du följer nu idén."
                        ),
                    )
                elif contact.is_confirmed:
                    messages.success(request, _("Du följer nu idén."))
                else:
                    messages.success(
                        request,
                        _(
                            "Du följer nu idén. Vi har skickat ett mejl till dig: öppna länken "
                            "i det för att bekräfta din e-postadress, så får du besked när "
                            "idén går vidare."
                        ),
                    )
                return redirect("portal:idea", pk=pk)
        return self._render(request, public, form, status=400)

    def _as_member(self, request: HttpRequest, idea: Idea, action: str) -> HttpResponse:
        person: Any = request.user
        try:
            if action == "support":
                idea_services.support_add(idea=idea, person=person)
                messages.success(request, _("Ditt stöd är registrerat."))
            else:
                idea_services.follow_add(idea=idea, person=person)
                messages.success(request, _("Du följer nu idén."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("portal:idea", pk=idea.pk)

    def _render(
        self,
        request: HttpRequest,
        idea: selectors.PublicIdea,
        form: forms.ParticipateForm,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "portal/idea_detail.html",
            {
                "idea": idea,
                "comments": selectors.public_comments(idea_id=idea.pk),
                "form": form,
                "consent_text": _consent_text(request),
                "as_member": can(request, "ideas.support"),
            },
            status=status,
        )


# --- Submitting ideas and needs -------------------------------------------------------


def _call_refusal(call: IdeaCall) -> str:
    if selectors.call_selectors.call_state(call) == selectors.call_selectors.CallState.UPCOMING:
        return _("Utlysningen ”%(title)s” öppnar %(date)s och tar inte emot idéer än.") % {
            "title": call.title,
            "date": date_format(call.opens_on, "j F Y"),
        }
    return _(
        "Utlysningen ”%(title)s” stängde %(date)s och tar inte emot fler idéer. "
        "Du kan lämna din idé ändå, utan utlysning."
    ) % {"title": call.title, "date": date_format(call.closes_on, "j F Y")}


def _unavailable_call(pk: int) -> tuple[str, str] | None:
    call = selectors.call_unavailable(pk)
    return (call.title, _call_refusal(call)) if call is not None else None


def _attachment_help() -> str:
    from django.conf import settings

    max_mb = f"{settings.IDEA_ATTACHMENT_MAX_BYTES / 1024 / 1024:g}".replace(".", ",")
    types = ", ".join(kind.label for kind in idea_services.ATTACHMENT_TYPES)
    return _(
        "Bilder eller dokument som visar idén: högst %(count)d filer på högst %(size)s MB "
        "var. Tillåtna filtyper: %(types)s."
    ) % {"count": idea_services.ATTACHMENTS_MAX, "size": max_mb, "types": types}


def _attachment_accept() -> str:
    return ",".join(
        f".{extension}" for kind in idea_services.ATTACHMENT_TYPES for extension in kind.extensions
    )


class IdeaSubmitView(PublicRouteMixin, View):
    public_reason = "Anyone may submit an idea (honeypot and rate limit)."

    def _form(self, request: HttpRequest, data: Any = None, files: Any = None) -> forms.IdeaForm:
        calls = selectors.open_calls()
        needs = selectors.needs_of_open_calls(calls)
        initial: dict[str, Any] = {}
        if data is None:
            raw = request.GET.get("utlysning", "")
            if raw.isdigit() and int(raw) in {call.pk for call in calls}:
                initial["call"] = int(raw)
        form = forms.IdeaForm(
            data,
            files,
            initial=initial,
            calls=[(call.pk, call.title) for call in calls],
            needs=[(need.pk, need.title) for need in needs],
            unavailable_call=_unavailable_call,
            attachment_help=_attachment_help(),
        )
        form.fields["attachments"].widget.attrs["accept"] = _attachment_accept()
        return form

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request)
        notice = ""
        raw = request.GET.get("utlysning", "")
        if raw.isdigit() and "call" not in form.initial:
            call = selectors.call_unavailable(int(raw))
            if call is not None:
                notice = _call_refusal(call)
        return self._render(request, form, notice=notice)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request, request.POST, request.FILES)
        chose_files = bool(request.FILES.getlist("attachments"))
        if form.is_robot:
            ratelimit.hit(request)
            return redirect(_thanks_url(request, "idea", None))
        if _filled_too_fast(request, form):
            return self._render(request, form, status=400, files_dropped=chose_files)
        if form.is_valid():
            refused = _too_many(request, form.cleaned_data["email"])
            if refused is not None:
                form.add_error(None, _too_many_message())
                response = self._render(request, form, status=429, files_dropped=chose_files)
                return _with_retry_after(response, refused)
            data = form.cleaned_data
            call_id = data.get("call")
            call = IdeaCall.objects.filter(pk=call_id).first() if call_id else None
            needs = list(Need.objects.filter(pk__in=data.get("needs") or []))
            try:
                idea = services.portal_idea_submit(
                    name=data["name"],
                    email=data["email"],
                    audience=data["audience"],
                    consent_text=_consent_text(request),
                    organization_name=data["organization_name"],
                    gender=data["gender"],
                    title=data["title"],
                    description=data["description"],
                    expected_benefit=data["expected_benefit"],
                    call=call,
                    needs=needs,
                    attachments=data["attachments"],
                    municipality_code=data.get("municipality_code", ""),
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                return redirect(_thanks_url(request, "idea", idea.pk))
        files_dropped = chose_files and not form.has_error("attachments")
        return self._render(request, form, status=400, files_dropped=files_dropped)

    def _render(
        self,
        request: HttpRequest,
        form: forms.IdeaForm,
        *,
        status: int = 200,
        notice: str = "",
        files_dropped: bool = False,
    ) -> HttpResponse:
        return render(
            request,
            "portal/idea_form.html",
            {
                "form": form,
                "consent_text": _consent_text(request),
                "notice": notice,
                "files_dropped": files_dropped,
            },
            status=status,
        )


class NeedSubmitView(PublicRouteMixin, View):
    public_reason = "Anyone may report a need (honeypot and rate limit)."

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, forms.NeedForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.NeedForm(request.POST)
        if form.is_robot:
            ratelimit.hit(request)
            return redirect(_thanks_url(request, "need", None))
        if _filled_too_fast(request, form):
            return self._render(request, form, status=400)
        if form.is_valid():
            refused = _too_many(request, form.cleaned_data["email"])
            if refused is not None:
                form.add_error(None, _too_many_message())
                return _with_retry_after(self._render(request, form, status=429), refused)
            data = form.cleaned_data
            try:
                need = services.portal_need_submit(
                    name=data["name"],
                    email=data["email"],
                    audience=data["audience"],
                    consent_text=_consent_text(request),
                    organization_name=data["organization_name"],
                    title=data["title"],
                    description=data["description"],
                    affected=data["affected"],
                    municipality_code=data.get("municipality_code", ""),
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                return redirect(_thanks_url(request, "need", need.pk))
        return self._render(request, form, status=400)

    def _render(
        self, request: HttpRequest, form: forms.NeedForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "portal/need_form.html",
            {"form": form, "consent_text": _consent_text(request)},
            status=status,
        )


@public_route(reason="Thanks after a portal submission; its signed reference names what to show.")
@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    """After a submission; the same submission twice shows the same page."""
    idea = need = None
    ref: dict[str, Any] = {}
    raw = request.GET.get("ref", "")
    if raw:
        try:
            ref = organization_signing.organization_loads(
                raw, salt=THANKS_SALT, organization=_organization(request), max_age=THANKS_MAX_AGE
            )
        except signing.SignatureExpired:
            pass  # Our own reference, only old: thank without naming the submission.
        except signing.BadSignature as error:
            # Forged, or made on another organisation's portal: nothing here to thank for.
            raise Http404 from error
        if not isinstance(ref, dict):
            raise Http404
    ref_id = ref.get("id")
    if ref.get("k") == "idea" and isinstance(ref_id, int):
        idea = Idea.objects.filter(pk=ref_id).only("registration_number", "title").first()
    elif ref.get("k") == "need" and isinstance(ref_id, int):
        need = Need.objects.filter(pk=ref_id).only("title").first()
    response = render(request, "portal/thanks.html", {"idea": idea, "need": need})
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@public_route(reason="Similar published ideas while someone types on the portal.")
@require_GET
def similar(request: HttpRequest) -> JsonResponse:
    """Public ideas like the text being typed: registration number, title and address only."""
    text = " ".join(request.GET.get("text", "").split())[:SIMILAR_MAX_LENGTH]
    results = []
    if len(text) >= SIMILAR_MIN_LENGTH:
        results = [
            {
                "number": idea.registration_number,
                "title": idea.title,
                "url": reverse("portal:idea", kwargs={"pk": idea.pk}),
            }
            for idea in selectors.similar_public_ideas(text=text)
        ]
    return JsonResponse({"results": results})


# --- The contact's own page --------------------------------------------------------------


class FollowView(PublicRouteMixin, View):
    """The page behind the mailed link: confirms the address, lists the contact's ideas."""

    public_reason = "Reached from a mailed link; the token in the path is the credential."

    def _contact(self, request: HttpRequest, token: str) -> Contact:
        # Opening the link confirms the address: a write, so not in an organisation
        # that is suspended or archived; there the page is shown as it is, read-only.
        if _organization(request).is_writable:
            contact = contact_services.contact_confirm(token=token)
        else:
            contact = contact_selectors.contact_by_token(token=token)
        if contact is None:
            raise Http404
        return contact

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        contact = self._contact(request, token)
        pending = None
        raw = request.GET.get(SUPPORT_PARAMETER, "")
        if raw.isdigit() and _organization(request).is_writable:
            candidate = Idea.objects.filter(pk=int(raw), is_public=True).first()
            if candidate is not None and candidate.pk not in selectors.contact_supported_ids(
                contact=contact
            ):
                pending = candidate
        return self._render(request, contact, pending=pending)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        contact = self._contact(request, token)
        action = request.POST.get("action", "")
        raw = request.POST.get("idea", "")
        idea = (
            Idea.objects.filter(Q(contact=contact) | Q(is_public=True), pk=int(raw)).first()
            if raw.isdigit()
            else None
        )
        if idea is None:
            return redirect("portal:follow", token=token)
        try:
            if action == "unfollow":
                idea_services.follow_remove(idea=idea, contact=contact)
                messages.success(
                    request,
                    _("Du följer inte längre %(number)s.") % {"number": idea.registration_number},
                )
            elif action == "follow":
                idea_services.follow_add(idea=idea, contact=contact)
                messages.success(
                    request, _("Du följer %(number)s igen.") % {"number": idea.registration_number}
                )
            elif action == "support":
                services.portal_support_confirmed(idea=idea, contact=contact)
                messages.success(
                    request,
                    _("Tack! Ditt stöd för %(number)s är registrerat.")
                    % {"number": idea.registration_number},
                )
            elif action == "unsupport":
                idea_services.support_remove(idea=idea, contact=contact)
                messages.success(
                    request,
                    _("Ditt stöd för %(number)s är borttaget.")
                    % {"number": idea.registration_number},
                )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("portal:follow", token=token)

    def _render(
        self, request: HttpRequest, contact: Contact, *, pending: Idea | None
    ) -> HttpResponse:
        response = render(
            request,
            "portal/follow.html",
            {
                "contact": contact,
                "ideas": selectors.contact_ideas(contact=contact),
                "supported": selectors.contact_supported_ids(contact=contact),
                "needs": selectors.contact_needs(contact=contact),
                "pending": pending,
                "token": contact.access_token,
                "read_only": not _organization(request).is_writable,
            },
        )
        # The token is a key: keep the page out of caches and other sites' logs.
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
        return response
