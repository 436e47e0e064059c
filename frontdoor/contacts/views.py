from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontdoor.core.audit import audit_search, audit_view
from frontdoor.core.errors import ConflictError, DomainError
from frontdoor.core.once import create_once
from frontdoor.core.parsing import parse_id
from frontdoor.core.view_helpers import require_permission
from frontdoor.people.access import Scope, access_for, open_record, shield_restricted
from frontdoor.people.family import relatives_of
from frontdoor.people.forms import PersonForm, PersonSearchForm
from frontdoor.people.models import Person, Relationship
from frontdoor.people.selectors import people_matching

from . import selectors, services
from .feedback_notes import feedback_notes
from .follow_on import follow_ons
from .forms import (
    AuthorisationForm,
    ContactForm,
    DecisionForm,
    FeedbackSentForm,
    NewChildSiblingsForm,
)
from .models import Contact, ContactChild, Decision


def _open_contact(request: HttpRequest, contact: Contact, audit: bool = True) -> None:
    """The front door's view of a contact: open to whoever may read the intake of any child
    it is about (one conversation about them all)."""
    children = [link.person_id for link in contact.contact_children.all()]
    if not children:
        return  # a contact about nobody yet: its permission is all there is
    open_record(request, people=children, scope=Scope.INTAKE, obj=contact, audit=audit)


@require_POST
def contact_start(request: HttpRequest) -> HttpResponse:
    require_permission(request, "contacts.record_contact")

    def start() -> str:
        contact = services.contact_start(actor=request.user)
        return reverse("contacts:edit", args=[contact.pk])

    return redirect(create_once(request, start))


def contact_start_page(request: HttpRequest) -> HttpResponse:
    require_permission(request, "contacts.record_contact")
    drafts = selectors.contacts_in_draft(user=request.user)
    return render(request, "contacts/start.html", {"drafts": drafts})


def _contact_initial(contact: Contact) -> dict[str, Any]:
    initial = {name: getattr(contact, name) for name in services.CONTACT_DETAIL_FIELDS}
    return initial | {"csw": contact.csw_id, "version": contact.version}


class ContactScreen:
    """The one screen used during a call: details, the children, search and new child.

    Every button submits the whole form, so whatever was typed is saved as a draft before
    the button's own action runs, and nothing typed is lost.
    """

    def __init__(self, request: HttpRequest, contact: Contact) -> None:
        self.request = request
        self.contact = contact
        data = request.POST if request.method == "POST" else None
        self.form = ContactForm(data, initial=_contact_initial(contact))
        # Adding a new child re-shows a search only if one was typed: an empty search box
        # is not an error then.
        searched = self._action == "search" or (
            self._action == "create_child"
            and any(v for k, v in request.POST.items() if k.startswith("search-"))
        )
        self.search_form = PersonSearchForm(
            data if searched else request.GET or None, prefix="search"
        )
        creating = data if self._action == "create_child" else None
        self.child_form = PersonForm(creating, prefix="child")
        self.siblings_form = NewChildSiblingsForm(
            creating, prefix="child", children=self._children()
        )
        self.matches: list[Any] = []
        self.conflict: dict[str, Any] | None = None
        self.children_error = ""

    @property
    def _action(self) -> str:
        return self.request.POST.get("action", "") if self.request.method == "POST" else ""

    def handle(self) -> HttpResponse:
        if self.request.method == "POST":
            if not self.form.is_valid() or not self._save_draft():
                return self.render()
            response = self._run_action()
            if response is not None:
                return response
        elif self.search_form.is_bound:
            self._search()
        return self.render()

    def _save_draft(self) -> bool:
        try:
            self.contact = services.contact_update(
                actor=self.request.user,
                contact_id=self.contact.pk,
                version=self.form.cleaned_data["version"],
                **self.form.details(),
            )
        except ConflictError as error:
            self._show_conflict(error)
            return False
        return True

    def _show_conflict(self, error: ConflictError) -> None:
        latest = Contact.objects.get(pk=self.contact.pk)
        data = self.request.POST.copy()
        data["version"] = str(latest.version)
        self.form = ContactForm(data, initial=_contact_initial(latest))
        self.form.is_valid()
        self.form.add_error(None, error.message)
        self.conflict = {"contact": latest}

    def _run_action(self) -> HttpResponse | None:
        action, _, value = self._action.partition(":")
        person_id = parse_id(value)
        if action in ("add", "remove") and person_id is None:
            return None
        user = self.request.user
        try:
            if action == "record":
                services.contact_record(
                    actor=user, contact_id=self.contact.pk, version=self.contact.version
                )
                messages.success(self.request, "Contact recorded. Now decide for each child.")
                return redirect("contacts:detail", contact_id=self.contact.pk)
            if action == "search":
                self._search()
            elif action == "add":
                person = get_object_or_404(Person, pk=person_id)
                if access_for(user, person).restricted:
                    raise DomainError(
                        "This record is restricted: ask one of the people named on it to add "
                        "the child",
                        field="children",
                    )
                services.contact_child_add(actor=user, contact_id=self.contact.pk, person=person)
            elif action == "remove" and person_id is not None:
                services.contact_child_remove(
                    actor=user, contact_id=self.contact.pk, person_id=person_id
                )
            elif action == "create_child":
                self._create_child()
        except DomainError as error:
            problems = {error.field or "__all__": error.message}
            if action == "record":
                problems = services.contact_problems(self.contact) or problems
            self._show_problems(problems)
            return None
        self.form = ContactForm(initial=_contact_initial(self.contact))
        return None

    def _show_problems(self, problems: dict[str, str]) -> None:
        """Re-show what was typed (now saved) with every problem at its field."""
        data = self.request.POST.copy()
        data["version"] = str(self.contact.version)
        self.form = ContactForm(data)
        self.form.is_valid()
        for field, message in problems.items():
            if field == "children":
                self.children_error = message
            else:
                self.form.add_domain_error(field, message)

    def _search(self) -> None:
        if self.search_form.is_valid():
            criteria = self.search_form.criteria()
            matches = people_matching(**criteria)
            audit_search(actor=self.request.user, kind="intake", terms=criteria, found=len(matches))
            self.matches = shield_restricted(self.request.user, matches)

    def _create_child(self) -> None:
        if not (self.child_form.is_valid() and self.siblings_form.is_valid()):
            return
        try:
            services.contact_child_create(
                actor=self.request.user,
                contact_id=self.contact.pk,
                sibling_ids=self.siblings_form.sibling_ids(),
                **self.child_form.cleaned_data,
            )
        except DomainError as error:
            self.child_form.add_domain_error(error.field, error.message)
            return
        self.child_form = PersonForm(prefix="child")
        self.siblings_form = NewChildSiblingsForm(prefix="child", children=self._children())

    def _children(self) -> list[Person]:
        return [link.person for link in self.contact.contact_children.select_related("person")]

    def render(self) -> HttpResponse:
        children = self._children()
        chosen = {p.pk for p in children}
        matches = [m for m in self.matches if m.person is not None and m.person.pk not in chosen]
        restricted = [m for m in self.matches if m.person is None]
        return render(
            self.request,
            "contacts/edit.html",
            {
                "contact": self.contact,
                "form": self.form,
                "search_form": self.search_form,
                "child_form": self.child_form,
                "siblings_form": self.siblings_form,
                "children": [_chosen_child(p, chosen) for p in children],
                "children_error": self.children_error,
                "candidates": selectors.intake_candidates(
                    matches=matches, at=self.contact.received_at
                ),
                "restricted_matches": restricted,
                "searched": bool(self.search_form.is_bound and self.search_form.is_valid()),
                "conflict": self.conflict,
            },
        )


def _chosen_child(person: Person, chosen: set[int]) -> dict[str, Any]:
    """A child on the contact with their relatives, and the brothers and sisters not on it
    yet, each to be added with one click."""
    relatives = relatives_of(person)
    addable = [
        relative.person
        for relative in relatives
        if relative.relationship.kind == Relationship.Kind.SIBLING
        and relative.is_current
        and relative.person.kind == Person.Kind.CHILD
        and relative.person.pk not in chosen
    ]
    return {"person": person, "relatives": relatives, "addable_siblings": addable}


def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=contact_id)
    require_permission(request, "contacts.view_contact")
    if contact.status != Contact.Status.DRAFT:
        return redirect("contacts:detail", contact_id=contact.pk)
    require_permission(request, "contacts.change_contact", contact)
    if request.method == "GET":
        audit_view(actor=request.user, obj=contact)
    return ContactScreen(request, contact).handle()


def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    require_permission(request, "contacts.view_contact")
    contact = get_object_or_404(Contact, pk=contact_id)
    if contact.status == Contact.Status.DRAFT:
        audit_view(actor=request.user, obj=contact)
    else:
        _open_contact(request, contact)
    return _detail_page(request, contact_id, FeedbackSentForm.for_now())


def _with_follow_ons(links: list[ContactChild]) -> list[tuple[ContactChild, list[Any]]]:
    """Each child on the contact with what their decision started, to link to."""
    started = follow_ons(link.pk for link in links)
    return [(link, started.get(link.pk, [])) for link in links]


def _detail_page(
    request: HttpRequest, contact_id: int, feedback_form: FeedbackSentForm, status: int = 200
) -> HttpResponse:
    contact = selectors.contact_for_page(contact_id=contact_id)
    notes = feedback_notes(contact, request)
    letter = [line for note in notes for line in note.letter]
    return render(
        request,
        "contacts/detail.html",
        {
            "contact": contact,
            "links": _with_follow_ons(list(contact.contact_children.all())),
            "rag": selectors.rag_for(contact.decision_due_at),
            "feedback_summary": selectors.contact_feedback_summary(contact=contact, extra=letter),
            "feedback_notes": notes,
            "feedback_form": feedback_form,
            "can_decide": request.user.has_perm("contacts.decide_contact", contact),
        },
        status=status,
    )


def _decision_page(
    request: HttpRequest, link: ContactChild, form: DecisionForm, status: int = 200, **extra: Any
) -> HttpResponse:
    history = selectors.person_contact_history(person=link.person).exclude(pk=link.pk)
    return render(
        request,
        "contacts/decide.html",
        {
            "link": link,
            "contact": link.contact,
            "person": link.person,
            "form": form,
            "history": history[:20],
            "guidance": selectors.threshold_guidance(),
            "rag": selectors.rag_for(link.contact.decision_due_at),
            "recent_referral": selectors.person_referred_within_months(
                person=link.person, before=link.contact.received_at
            ),
        }
        | extra,
        status=status,
    )


def decision_make(request: HttpRequest, contact_id: int, link_id: int) -> HttpResponse:
    link = get_object_or_404(
        ContactChild.objects.select_related("contact", "person"), pk=link_id, contact_id=contact_id
    )
    require_permission(request, "contacts.decide_contact", link.contact)
    open_record(
        request,
        people=[link.person],
        scope=Scope.INTAKE,
        obj=link.person,
        summary="Opened to decide",
        audit=request.method == "GET",
    )
    existing = Decision.objects.filter(contact_child=link).first()
    if request.method == "GET":
        if existing and existing.status == Decision.Status.RETURNED:
            return _decision_page(request, link, _revise_form(existing), decision=existing)
        return _decision_page(request, link, DecisionForm(), decision=existing)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _decision_page(request, link, form, decision=existing)
    fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    try:
        if existing and existing.status == Decision.Status.RETURNED:
            services.decision_revise(
                actor=request.user,
                decision_id=existing.pk,
                version=form.cleaned_data["version"] or 0,
                **fields,
            )
        else:
            services.decision_make(actor=request.user, contact_child_id=link.pk, **fields)
    except services.AlreadyDecidedError as error:
        form.add_error(None, error.message)
        return _decision_page(request, link, form, decision=error.decision, already_decided=True)
    except DomainError as error:
        form.add_domain_error(error.field, error.message)
        return _decision_page(request, link, form, decision=existing)
    messages.success(request, f"Decision recorded for {link.person.full_name}")
    return redirect("contacts:detail", contact_id=contact_id)


def _revise_form(decision: Decision) -> DecisionForm:
    initial = {name: getattr(decision, name) for name in services.DECISION_FIELDS}
    return DecisionForm(initial=initial | {"version": decision.version})


def decision_authorise(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.select_related("contact_child__contact", "contact_child__person"),
        pk=decision_id,
    )
    require_permission(request, "contacts.authorise_decision", decision)
    open_record(
        request,
        people=[decision.contact_child.person],
        scope=Scope.INTAKE,
        obj=decision.contact_child.contact,
        audit=request.method != "POST",
    )
    form = AuthorisationForm(request.POST or None, initial={"version": decision.version})
    if request.method == "POST" and form.is_valid():
        service = (
            services.decision_return
            if request.POST.get("action") == "return"
            else services.decision_authorise
        )
        try:
            service(
                actor=request.user,
                decision_id=decision.pk,
                version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            form.add_domain_error(error.field, error.message)
        else:
            done = "returned" if service is services.decision_return else "authorised"
            messages.success(request, f"Decision {done}")
            return redirect("home")
    return render(request, "contacts/authorise.html", {"decision": decision, "form": form})


@require_POST
def feedback_sent(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = get_object_or_404(Contact, pk=contact_id)
    require_permission(request, "contacts.decide_contact", contact)
    _open_contact(request, contact, audit=False)
    form = FeedbackSentForm(request.POST)
    if form.is_valid():
        try:
            services.contact_feedback_sent(
                actor=request.user, contact_id=contact.pk, sent_at=form.cleaned_data["sent_at"]
            )
        except DomainError as error:
            form.add_domain_error("sent_at", error.message)
        else:
            messages.success(request, "Feedback to the referrer recorded")
            return redirect("contacts:detail", contact_id=contact.pk)
    return _detail_page(request, contact.pk, form, status=400)
