"""Pages for execution cycles: a client's meetings (upcoming and past, schedule one or a series), a meeting
(its agenda, live until it is held and frozen after; notes; decisions), the client's calendar feeds, and the
public iCalendar feed behind a secret token.

Every form is a plain ``<form method=post>``: invalid input re-renders the page with 422 and the messages, a
stale version 409 with the stored value beside the user's. Every view: parse the input, call one selector or
service, render. docs/execution.md describes the whole.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sevenc.core.access import request_workspace, staff_required
from sevenc.core.domain.errors import ApplicationError, ConflictError
from sevenc.core.domain.roles import Capability
from sevenc.core.ui import form_add_application_error, posted_version, render_page
from sevenc.planning.execution import selectors as meeting_selectors
from sevenc.planning.execution import services as meetings
from sevenc.planning.execution.forms import (
    CalendarFeedForm,
    DecisionForm,
    DecisionStateForm,
    MeetingEditForm,
    MeetingForm,
    NotesForm,
    SeriesForm,
)
from sevenc.planning.execution.models import Meeting
from sevenc.tenancy import selectors as tenancy_selectors

GET_OR_POST = ["GET", "HEAD", "POST"]
PAST_PER_PAGE = 20
UPCOMING_SHOWN = 25


# --- the list ------------------------------------------------------------------------------------------------


def _render_list(
    request: HttpRequest,
    client: Any,
    *,
    form: MeetingForm | None = None,
    series_form: SeriesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = request_workspace(request)
    upcoming_qs = meeting_selectors.meeting_list(workspace=workspace, client=client, when="upcoming")
    upcoming = list(upcoming_qs[: UPCOMING_SHOWN + 1])
    paginator = Paginator(
        meeting_selectors.meeting_list(workspace=workspace, client=client, when="past"), PAST_PER_PAGE
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    context = {
        "client": client,
        "upcoming": upcoming[:UPCOMING_SHOWN],
        "more_upcoming": len(upcoming) > UPCOMING_SHOWN,
        "page_obj": page_obj,
        "past": page_obj.object_list,
        "page_range": list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)),
        "query_string": "",
        "form": form or MeetingForm(initial={"kind": "monthly", "duration_minutes": 60}),
        "series_form": series_form or SeriesForm(initial={"kind": "quarterly", "count": 4, "duration_minutes": 90}),
    }
    return render_page(
        request, "planning/meeting_list.html", context, status=status, partial="planning/partials/meeting_past.html"
    )


@require_http_methods(GET_OR_POST)
@staff_required(Capability.VIEW)
def meeting_list(request: HttpRequest, client_id: int) -> HttpResponse:
    if request.method == "POST":
        return _meeting_create(request, client_id)
    client = tenancy_selectors.client_get(workspace=request_workspace(request), pk=client_id)
    return _render_list(request, client)


@staff_required(Capability.MANAGE_PLANS)
def _meeting_create(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = meetings.meeting_create(
                workspace=workspace, actor=request.user, client=client, **form.cleaned_data
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Meeting “%(title)s” scheduled.") % {"title": meeting.title})
            return redirect("planning:meeting_detail", meeting_id=meeting.pk)
    return _render_list(request, client, form=form, status=422)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def meeting_series(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    form = SeriesForm(request.POST)
    if form.is_valid():
        try:
            created = meetings.meeting_schedule_series(
                workspace=workspace, actor=request.user, client=client, **form.cleaned_data
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(
                request,
                ngettext("%(n)d meeting scheduled.", "%(n)d meetings scheduled.", len(created)) % {"n": len(created)},
            )
            for warning in meeting_selectors.series_clash_warnings(workspace=workspace, meetings=created):
                messages.warning(request, warning)
            return redirect("planning:meeting_list", client_id=client.pk)
    return _render_list(request, client, series_form=form, status=422)


# --- one meeting ---------------------------------------------------------------------------------------------


def _edit_initial(meeting: Meeting) -> dict[str, Any]:
    return {
        "kind": meeting.kind,
        "starts_at": meeting.starts_at,
        "title": meeting.title,
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "version": meeting.version,
    }


def _render_detail(
    request: HttpRequest,
    meeting: Meeting,
    *,
    status: int = 200,
    error: str = "",
    notes_form: NotesForm | None = None,
    notes_conflict: Meeting | None = None,
    edit_form: MeetingEditForm | None = None,
    conflict_fields: list[Any] | None = None,
    decision_form: DecisionForm | None = None,
    partial: str | None = None,
) -> HttpResponse:
    workspace = request_workspace(request)
    items = meeting_selectors.action_item_choices(workspace=workspace, client=meeting.client)
    context = {
        "meeting": meeting,
        "client": meeting.client,
        "shown": meeting_selectors.meeting_agenda(workspace=workspace, meeting=meeting),
        "clash_warnings": meeting_selectors.meeting_clash_warnings(workspace=workspace, meeting=meeting),
        "decisions": meeting_selectors.decision_list(workspace=workspace, meeting=meeting),
        "notes_form": notes_form or NotesForm(initial={"notes": meeting.notes, "version": meeting.version}),
        "notes_conflict": notes_conflict,
        "edit_form": edit_form or MeetingEditForm(initial=_edit_initial(meeting)),
        "conflict": conflict_fields is not None,
        "conflict_fields": conflict_fields or [],
        "decision_form": decision_form or DecisionForm(items=items),
        "error": error,
    }
    return render_page(request, "planning/meeting_detail.html", context, status=status, partial=partial)


@require_safe
@staff_required(Capability.VIEW)
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_get(workspace=request_workspace(request), pk=meeting_id)
    return _render_detail(request, meeting)


def _status(exc: ApplicationError) -> int:
    return 409 if exc.status == 409 else 422


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    meeting = meeting_selectors.meeting_get(workspace=workspace, pk=meeting_id)
    form = MeetingEditForm(request.POST)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            meetings.meeting_update(
                workspace=workspace, actor=request.user, meeting=meeting, version=form.cleaned_data["version"], **values
            )
        except ConflictError as exc:
            current = meeting_selectors.meeting_get(workspace=workspace, pk=meeting_id)
            data = request.POST.copy()
            data["edit-version"] = str(current.version)
            form = MeetingEditForm(data)
            form.is_valid()
            form.add_error(None, exc.message)
            shown = [
                (_("Kind"), current.get_kind_display()),
                (_("Title"), current.title),
                (_("Starts at"), current.starts_at),
                (_("Duration (minutes)"), current.duration_minutes),
                (_("Location or link"), current.location),
            ]
            return _render_detail(request, current, status=409, edit_form=form, conflict_fields=shown)
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Meeting “%(title)s” saved.") % {"title": meeting.title})
            return redirect("planning:meeting_detail", meeting_id=meeting.pk)
    meeting = meeting_selectors.meeting_get(workspace=workspace, pk=meeting_id)
    return _render_detail(request, meeting, status=422, edit_form=form)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def meeting_notes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    meeting = meeting_selectors.meeting_get(workspace=workspace, pk=meeting_id)
    form = NotesForm(request.POST)
    partial = "planning/partials/meeting_notes.html"
    if not form.is_valid():
        return _render_detail(request, meeting, status=422, notes_form=form, partial=partial)
    try:
        meetings.meeting_notes_update(
            workspace=workspace,
            actor=request.user,
            meeting=meeting,
            version=form.cleaned_data["version"],
            notes=form.cleaned_data["notes"],
        )
    except ConflictError as exc:
        current = meeting_selectors.meeting_get(workspace=workspace, pk=meeting_id)
        form = NotesForm({"notes": form.cleaned_data["notes"], "version": current.version})
        form.is_valid()
        form.add_error(None, exc.message)
        return _render_detail(request, current, status=409, notes_form=form, notes_conflict=current, partial=partial)
    except ApplicationError as exc:
        form_add_application_error(form, exc)
        return _render_detail(request, meeting, status=_status(exc), notes_form=form, partial=partial)
    messages.success(request, _("Notes saved."))
    return redirect(reverse("planning:meeting_detail", kwargs={"meeting_id": meeting.pk}) + "#notes")


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def meeting_hold(request: HttpRequest, meeting_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    meeting = meeting_selectors.meeting_get(workspace=workspace, pk=meeting_id)
    try:
        meetings.meeting_hold(
            workspace=workspace, actor=request.user, meeting=meeting, version=posted_version(request, required=True)
        )
    except ApplicationError as exc:
        current = meeting_selectors.meeting_get(workspace=workspace, pk=meeting_id)
        return _render_detail(request, current, status=_status(exc), error=exc.message)
    messages.success(
        request, _("“%(title)s” is marked as held; its agenda is kept as it is now.") % {"title": meeting.title}
    )
    return redirect("planning:meeting_detail", meeting_id=meeting.pk)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def meeting_delete(request: HttpRequest, meeting_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    meeting = meeting_selectors.meeting_get(workspace=workspace, pk=meeting_id)
    version = posted_version(request)
    try:
        meetings.meeting_delete(workspace=workspace, actor=request.user, meeting=meeting, version=version)
    except ApplicationError as exc:
        current = meeting_selectors.meeting_get(workspace=workspace, pk=meeting_id)
        return _render_detail(request, current, status=_status(exc), error=exc.message)
    messages.success(request, _("Meeting “%(title)s” deleted.") % {"title": meeting.title})
    return redirect("planning:meeting_list", client_id=meeting.client_id)


# --- decisions -----------------------------------------------------------------------------------------------


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def decision_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    meeting = meeting_selectors.meeting_get(workspace=workspace, pk=meeting_id)
    items = meeting_selectors.action_item_choices(workspace=workspace, client=meeting.client)
    form = DecisionForm(request.POST, items=items)
    if form.is_valid():
        data = form.cleaned_data
        item = (
            meeting_selectors.action_item_get(workspace=workspace, pk=data["item"])
            if data["item"] is not None
            else None
        )
        try:
            meetings.decision_add(
                workspace=workspace,
                actor=request.user,
                client=meeting.client,
                meeting=meeting,
                item=item,
                text=data["text"],
                status="decided" if data["decided"] else "pending",
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(reverse("planning:meeting_detail", kwargs={"meeting_id": meeting.pk}) + "#decisions")
    return _render_detail(request, meeting, status=422, decision_form=form)


def _decision_back(decision: Any) -> HttpResponse:
    if decision.meeting_id is not None:
        return redirect(reverse("planning:meeting_detail", kwargs={"meeting_id": decision.meeting_id}) + "#decisions")
    return redirect("planning:meeting_list", client_id=decision.client_id)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def decision_update(request: HttpRequest, decision_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    decision = meeting_selectors.decision_get(workspace=workspace, pk=decision_id)
    form = DecisionStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That change of a decision could not be read; nothing was saved."))
        return _decision_back(decision)
    try:
        meetings.decision_update(
            workspace=workspace,
            actor=request.user,
            decision=decision,
            status=form.cleaned_data["status"],
            version=form.cleaned_data["version"],
        )
    except ApplicationError as exc:
        if decision.meeting is not None:
            current = meeting_selectors.meeting_get(workspace=workspace, pk=decision.meeting_id)
            return _render_detail(request, current, status=_status(exc), error=exc.message)
        messages.error(request, exc.message)
        return _decision_back(decision)
    messages.success(request, _("Decision updated."))
    return _decision_back(decision)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def decision_delete(request: HttpRequest, decision_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    decision = meeting_selectors.decision_get(workspace=workspace, pk=decision_id)
    meetings.decision_delete(workspace=workspace, actor=request.user, decision=decision)
    messages.success(request, _("Decision deleted."))
    return _decision_back(decision)


# --- calendar feeds ------------------------------------------------------------------------------------------


@require_http_methods(GET_OR_POST)
@staff_required(Capability.VIEW)
def calendar_feed_list(request: HttpRequest, client_id: int) -> HttpResponse:
    if request.method == "POST":
        return _calendar_feed_create(request, client_id)
    client = tenancy_selectors.client_get(workspace=request_workspace(request), pk=client_id)
    return _render_feeds(request, client, CalendarFeedForm())


def _render_feeds(
    request: HttpRequest, client: Any, form: CalendarFeedForm, *, new: Any = None, status: int = 200
) -> HttpResponse:
    context = {
        "client": client,
        "form": form,
        "new_feed": new,
        "new_url": request.build_absolute_uri(reverse("planning:calendar_feed", kwargs={"token": new.token}))
        if new is not None
        else "",
        "feeds": meeting_selectors.calendar_feed_list(workspace=request_workspace(request), client=client),
    }
    response = render_page(request, "planning/calendar_feed_list.html", context, status=status)
    if new is not None:
        response["Cache-Control"] = "no-store"
    return response


@staff_required(Capability.MANAGE_PLANS)
def _calendar_feed_create(request: HttpRequest, client_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    client = tenancy_selectors.client_get(workspace=workspace, pk=client_id)
    form = CalendarFeedForm(request.POST)
    if form.is_valid():
        try:
            new = meetings.calendar_feed_create(
                workspace=workspace, actor=request.user, client=client, label=form.cleaned_data["label"]
            )
        except ApplicationError as exc:
            form_add_application_error(form, exc)
        else:
            return _render_feeds(request, client, CalendarFeedForm(), new=new)
    return _render_feeds(request, client, form, status=422)


@require_POST
@staff_required(Capability.MANAGE_PLANS)
def calendar_feed_revoke(request: HttpRequest, feed_id: int) -> HttpResponse:
    workspace = request_workspace(request)
    feed = meeting_selectors.calendar_feed_get(workspace=workspace, pk=feed_id)
    meetings.calendar_feed_revoke(workspace=workspace, actor=request.user, feed=feed)
    messages.success(
        request,
        _("The calendar feed %(prefix)s… has been revoked; its address no longer works.")
        % {"prefix": feed.token_prefix},
    )
    return redirect("planning:calendar_feed_list", client_id=feed.client_id)


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The public iCalendar feed: no login, the secret token is the whole authentication. An unknown or revoked
    token is a 404 that says nothing more."""
    feed = meeting_selectors.calendar_feed_by_token(raw=token)
    if feed is None:
        raise Http404("No such calendar feed")
    body = meeting_selectors.calendar_feed_events(feed=feed).as_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
