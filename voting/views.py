"""The conference vote: preparation, check-in, ballots, paper counts, results, documents.

Every view fetches through members.permissions; only a present unit's designated voter
reaches the ballot, and counts appear only for closed questions."""

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaigns.access import get_campaign_for
from campaigns.selectors import member_units
from clusters.models import Unit
from core.http import document_response, errors_to_form, run_service
from documents.docx import render_docx
from documents.pdf import render_pdf
from members import permissions
from members.models import Representative
from members.permissions import Action
from voting import selectors, services
from voting.documents import minutes_document, paper_ballots_pdf, vote_count_document
from voting.forms import (
    AttendanceForm,
    BallotForm,
    CandidateAddForm,
    CandidateRemoveForm,
    ConferenceForm,
    DetailsForm,
    PaperCountsForm,
    PrepareForm,
)
from voting.models import BallotCast, Candidate, Question, VotingSession


def voter_unit(user, campaign):
    """The member unit this user casts ballots for (designated voter), or None."""
    representation = Representative.objects.filter(
        user=user, is_designated_voter=True, unit__memberships__cluster=campaign.cluster,
        unit__memberships__year=campaign.year).select_related("unit").first()
    return representation.unit if representation else None


def _session_page(request, campaign, roles, bound=None, errors=()):
    """The vote page. bound: {"attendance" | "add-<question pk>" | "counts-<question pk>" |
    "prepare": the form posted and refused}, re-rendered with its values and errors; errors:
    messages of a refused action that has no field on the page."""
    bound = bound or {}
    session = VotingSession.objects.filter(campaign=campaign).first()
    can_run = permissions.allows(Action.RUN_CLUSTER, roles)
    context = {"campaign": campaign, "session": session, "can_run": can_run,
               "prepare_form": bound.get("prepare") or PrepareForm(),
               "page_errors": list(errors) + [
                   e for form in bound.values() for e in form.non_field_errors()]}
    if session is not None:
        members = member_units(campaign)
        present = set(session.attendances.values_list("unit_id", flat=True))
        unit = voter_unit(request.user, campaign)
        voted = set(BallotCast.objects.filter(question__session=session, unit=unit)
                    .values_list("question_id", flat=True)) if unit else set()
        rows = []
        for question in selectors.session_questions(session):
            question.session = session
            row = SimpleNamespace(question=question,
                                  result=selectors.question_result(question, len(members)))
            preparing = can_run and session.status == VotingSession.Status.PREPARING
            row.add_form = (bound.get(f"add-{question.pk}") or CandidateAddForm(
                question=question, members=members)) if preparing else None
            paper = can_run and session.status == VotingSession.Status.OPEN \
                and session.mode == VotingSession.Mode.PAPER and not question.closed_at
            row.counts_form = (bound.get(f"counts-{question.pk}") or PaperCountsForm(
                question=question)) if paper else None
            row.can_close = can_run and selectors.question_close_refusal(question) is None
            row.can_runoff = can_run and row.result is not None and \
                selectors.runoff_refusal(question, row.result) is None
            rows.append(row)
        context.update({
            "conference_form": bound.get("conference") or ConferenceForm(session=session, initial={
                "held_on": session.held_on, "starts_at": session.starts_at,
                "ends_at": session.ends_at, "place": session.place or campaign.place}),
            "members": members, "present": present,
            "quorum": selectors.quorum_reached(session, len(members)),
            "attendance_form": bound.get("attendance") or AttendanceForm(members=members,
                                                                         present=present),
            "voter_unit": unit if unit and unit.pk in present else None, "voted": voted,
            "rows": rows,
            "details_form": (bound.get("details") or DetailsForm(members=members,
                                                                 session=session))
            if can_run and session.status != VotingSession.Status.CLOSED else None,
            "board": list(session.board_members.select_related("unit")),
            "receipts": {q.question.pk: list(q.question.receipts.values_list("code", flat=True))
                         for q in rows} if session.status == "closed" else {},
        })
        if can_run:
            context["open_refusal"] = selectors.open_refusal(session)
            context["close_refusal"] = selectors.close_refusal(session)
    return render(request, "voting/session.html", context)


@login_required
def session_page(request, pk):
    campaign, roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    return _session_page(request, campaign, roles)


def _run(request, pk):
    campaign, roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    return campaign, roles, VotingSession.objects.filter(campaign=campaign).first()


def _save(request, campaign, roles, key, form, action, success_message):
    """Run action(cleaned data) when the form is valid, then redirect; otherwise (or when
    the service refuses) the page comes back with the form as posted."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except (ValidationError, IntegrityError) as error:
            errors_to_form(error, form)
        else:
            messages.success(request, success_message)
            return redirect("voting:voting_session", pk=campaign.pk)
    return _session_page(request, campaign, roles, bound={key: form})


@login_required
@require_POST
def conference(request, pk):
    """The conference's date (in recording mode), start and end times and place."""
    campaign, roles, session = _run(request, pk)
    if session is None:
        raise Http404
    return _save(request, campaign, roles, "conference",
                 ConferenceForm(request.POST, session=session),
                 lambda data: services.session_conference_set(session=session, by=request.user,
                                                              **data),
                 _("Conference details saved."))


@login_required
@require_POST
def session_prepare(request, pk):
    campaign, roles, _session = _run(request, pk)
    return _save(request, campaign, roles, "prepare", PrepareForm(request.POST),
                 lambda data: services.session_prepare(campaign=campaign, mode=data["mode"]),
                 _("The vote is prepared: check the candidates and the units present."))


@login_required
@require_POST
def session_details(request, pk):
    campaign, roles, session = _run(request, pk)
    if session is None:
        raise Http404
    form = DetailsForm(request.POST, members=member_units(campaign), session=session)
    return _save(request, campaign, roles, "details", form,
                 lambda data: services.session_details_save(
                     session=session, place=data["place"], chair=data["chair"],
                     secretary=data["secretary"], board=form.board()),
                 _("Conference details and counting board saved."))


@login_required
def paper_ballots(request, pk):
    """PHIẾU BẦU for a paper vote: one ballot per question for every unit present."""
    campaign, _roles, session = _run(request, pk)
    if session is None or session.mode != VotingSession.Mode.PAPER:
        raise Http404
    return document_response(paper_ballots_pdf(session, request.user),
                             f"phieu-bau-{campaign.cluster.code}-{campaign.year}".lower(), "pdf")


@login_required
@require_POST
def attendance(request, pk):
    campaign, roles, session = _run(request, pk)
    if session is None:
        raise Http404
    form = AttendanceForm(request.POST, members=member_units(campaign))
    return _save(request, campaign, roles, "attendance", form,
                 lambda data: services.attendance_set(
                     session=session, units=Unit.objects.filter(pk__in=data["present"])),
                 _("Attendance saved."))


def _question_run(request, pk):
    """(question, campaign, roles) for the head's actions on a question."""
    question = get_object_or_404(Question.objects.select_related("session__campaign"), pk=pk)
    campaign, roles = get_campaign_for(request.user, question.session.campaign_id,
                                       Action.RUN_CLUSTER)
    return question, campaign, roles


@login_required
@require_POST
def candidate_add(request, pk):
    question, campaign, roles = _question_run(request, pk)
    members = {u.pk: u for u in member_units(campaign)}
    form = CandidateAddForm(request.POST, question=question, members=members.values())
    return _save(request, campaign, roles, f"add-{question.pk}", form,
                 lambda data: services.candidate_add(
                     question=question, unit=members[data["unit"]], reason=data["reason"]),
                 _("Candidate added."))


@login_required
@require_POST
def candidate_remove(request, pk):
    candidate = get_object_or_404(Candidate.objects.select_related("question__session"), pk=pk)
    _question, campaign, roles = _question_run(request, candidate.question_id)
    form = CandidateRemoveForm(request.POST)
    if not form.is_valid():
        return _session_page(request, campaign, roles,
                             errors=[_("Give the reason for removing a candidate.")])
    run_service(request, lambda: services.candidate_remove(
        candidate=candidate, reason=form.cleaned_data["reason"]), _("Candidate removed."))
    return redirect("voting:voting_session", pk=campaign.pk)


@login_required
@require_POST
def session_open(request, pk):
    campaign, _roles, session = _run(request, pk)
    run_service(request, lambda: services.session_open(session=session), _("Voting is open."))
    return redirect("voting:voting_session", pk=campaign.pk)


@login_required
@require_POST
def question_close(request, pk):
    question, campaign, _roles = _question_run(request, pk)
    run_service(request, lambda: services.question_close(question=question),
                _("Question closed: its counts are now shown."))
    return redirect("voting:voting_session", pk=campaign.pk)


@login_required
@require_POST
def runoff_open(request, pk):
    question, campaign, _roles = _question_run(request, pk)
    run_service(request, lambda: services.runoff_open(question=question),
                _("Run-off opened between the tied candidates."))
    return redirect("voting:voting_session", pk=campaign.pk)


@login_required
@require_POST
def paper_counts(request, pk):
    question, campaign, roles = _question_run(request, pk)
    form = PaperCountsForm(request.POST, question=question)
    return _save(request, campaign, roles, f"counts-{question.pk}", form,
                 lambda data: services.paper_counts_save(
                     question=question, ballots=data["ballots"], counts=form.counts(),
                     invalid=data["invalid"] or 0),
                 _("Counts saved."))


@login_required
@require_POST
def session_close(request, pk):
    campaign, _roles, session = _run(request, pk)
    run_service(request, lambda: services.session_close(session=session),
                _("The vote is closed; next year's head and deputy are set."))
    return redirect("voting:voting_session", pk=campaign.pk)


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request, pk):
    """Choose → confirm → cast; the receipt code is shown once and never stored with the unit."""
    question = get_object_or_404(Question.objects.select_related("session__campaign"), pk=pk)
    campaign, _roles = get_campaign_for(request.user, question.session.campaign_id,
                                        Action.VIEW_CAMPAIGN)
    unit = voter_unit(request.user, campaign)
    if unit is None:
        raise PermissionDenied
    candidates = list(question.candidates.select_related("unit"))
    form = BallotForm(request.POST if request.method == "POST" else None, question=question,
                      candidates=candidates)
    confirm = False
    if form.is_valid():
        step = form.cleaned_data["step"]
        if step == "cast":
            try:
                code = services.ballot_cast(question=question, unit=unit, user=request.user,
                                            candidate_ids=form.cleaned_data["choice"])
            except ValidationError as error:
                errors_to_form(error, form)
            else:
                return render(request, "voting/receipt.html", {
                    "question": question, "code": code, "campaign": campaign})
        confirm = step == "confirm"
    return render(request, "voting/ballot.html", {
        "question": question, "campaign": campaign, "unit": unit, "candidates": candidates,
        "form": form, "chosen": form.chosen if confirm else [],
        "ticked": form.ticked() if form.is_bound else set(), "confirm": confirm})


@login_required
def vote_document(request, pk, kind, fmt):
    campaign, _roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    session = get_object_or_404(VotingSession, campaign=campaign, status="closed")
    build = vote_count_document if kind == "kiem-phieu" else minutes_document
    document = build(session, request.user)
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    return document_response(content, document.file_stem, fmt)
