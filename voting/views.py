"""The conference vote: preparation, check-in, ballots, paper counts, results, documents.

Every view fetches through members.permissions; only a present unit's designated voter
reaches the ballot, and counts appear only for closed questions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaigns.access import get_campaign_for
from clusters.models import Unit
from core.http import document_response, run_service
from documents.docx import render_docx
from documents.pdf import render_pdf
from members import permissions
from members.models import Representative
from members.permissions import Action
from voting import selectors, services
from voting.documents import minutes_document, vote_count_document
from voting.models import BallotCast, Candidate, Question, VotingSession


def voter_unit(user, campaign):
    """The member unit this user casts ballots for (designated voter), or None."""
    representation = Representative.objects.filter(
        user=user, is_designated_voter=True, unit__memberships__cluster=campaign.cluster,
        unit__memberships__year=campaign.year).select_related("unit").first()
    return representation.unit if representation else None


@login_required
def session_page(request, pk):
    campaign, roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    session = VotingSession.objects.filter(campaign=campaign).first()
    context = {"campaign": campaign, "session": session,
               "can_run": permissions.allows(Action.RUN_CLUSTER, roles)}
    if session is not None:
        members = services.member_units(campaign)
        present = set(session.attendances.values_list("unit_id", flat=True))
        unit = voter_unit(request.user, campaign)
        voted = set(BallotCast.objects.filter(question__session=session, unit=unit)
                    .values_list("question_id", flat=True)) if unit else set()
        questions = list(selectors.session_questions(session))
        context.update({
            "members": members, "present": present, "quorum": services.quorum_reached(session),
            "voter_unit": unit if unit and unit.pk in present else None, "voted": voted,
            "rows": [(q, selectors.question_result(q, len(members))) for q in questions],
            "receipts": {q.pk: list(q.receipts.values_list("code", flat=True))
                         for q in questions} if session.status == "closed" else {},
        })
    return render(request, "voting/session.html", context)


def _run(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    return campaign, VotingSession.objects.filter(campaign=campaign).first()


@login_required
@require_POST
def session_prepare(request, pk):
    campaign, _session = _run(request, pk)
    mode = request.POST.get("mode", VotingSession.Mode.ONLINE)
    if mode not in VotingSession.Mode.values:
        mode = VotingSession.Mode.ONLINE
    run_service(request, lambda: services.session_prepare(campaign=campaign, mode=mode),
                _("The vote is prepared: check the candidates and the units present."))
    return redirect("voting:voting_session", pk=campaign.pk)


@login_required
@require_POST
def attendance(request, pk):
    campaign, session = _run(request, pk)
    ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
    run_service(request, lambda: services.attendance_set(
        session=session, units=Unit.objects.filter(pk__in=ids)), _("Attendance saved."))
    return redirect("voting:voting_session", pk=campaign.pk)


def _question_run(request, pk):
    question = get_object_or_404(Question.objects.select_related("session__campaign"), pk=pk)
    get_campaign_for(request.user, question.session.campaign_id, Action.RUN_CLUSTER)
    return question


@login_required
@require_POST
def candidate_add(request, pk):
    question = _question_run(request, pk)
    unit_id = request.POST.get("unit", "")
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id.isdigit() else None
    if unit is None:
        messages.error(request, _("Choose a unit."))
    else:
        run_service(request, lambda: services.candidate_add(
            question=question, unit=unit, reason=request.POST.get("reason", "")),
            _("Candidate added."))
    return redirect("voting:voting_session", pk=question.session.campaign_id)


@login_required
@require_POST
def candidate_remove(request, pk):
    candidate = get_object_or_404(Candidate.objects.select_related("question__session"), pk=pk)
    _question_run(request, candidate.question_id)
    run_service(request, lambda: services.candidate_remove(
        candidate=candidate, reason=request.POST.get("reason", "")), _("Candidate removed."))
    return redirect("voting:voting_session", pk=candidate.question.session.campaign_id)


@login_required
@require_POST
def session_open(request, pk):
    campaign, session = _run(request, pk)
    run_service(request, lambda: services.session_open(session=session), _("Voting is open."))
    return redirect("voting:voting_session", pk=campaign.pk)


@login_required
@require_POST
def question_close(request, pk):
    question = _question_run(request, pk)
    run_service(request, lambda: services.question_close(question=question),
                _("Question closed: its counts are now shown."))
    return redirect("voting:voting_session", pk=question.session.campaign_id)


@login_required
@require_POST
def runoff_open(request, pk):
    question = _question_run(request, pk)
    run_service(request, lambda: services.runoff_open(question=question),
                _("Run-off opened between the tied candidates."))
    return redirect("voting:voting_session", pk=question.session.campaign_id)


@login_required
@require_POST
def paper_counts(request, pk):
    question = _question_run(request, pk)

    def save():
        def number(name):
            value = request.POST.get(name, "").strip()
            if not value.isdigit():
                raise ValidationError(_("Counts must be whole numbers."))
            return int(value)

        counts = {c.pk: number(f"count-{c.pk}") for c in question.candidates.all()}
        services.paper_counts_save(question=question, ballots=number("ballots"), counts=counts)

    run_service(request, save, _("Counts saved."))
    return redirect("voting:voting_session", pk=question.session.campaign_id)


@login_required
@require_POST
def session_close(request, pk):
    campaign, session = _run(request, pk)
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
    chosen_ids = [int(v) for v in request.POST.getlist("choice") if v.isdigit()]
    chosen = [c for c in candidates if c.pk in chosen_ids]
    step = request.POST.get("step", "choose")
    if request.method == "POST" and step == "cast":
        try:
            code = services.ballot_cast(question=question, unit=unit, user=request.user,
                                        candidate_ids=chosen_ids)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("voting:voting_session", pk=campaign.pk)
        return render(request, "voting/receipt.html", {"question": question, "code": code,
                                                       "campaign": campaign})
    if request.method == "POST" and len(chosen) > question.quota:
        messages.error(request, _("Choose at most %(n)s.") % {"n": question.quota})
        step = "choose"
    return render(request, "voting/ballot.html", {
        "question": question, "campaign": campaign, "unit": unit, "candidates": candidates,
        "chosen": chosen, "confirm": request.method == "POST" and step == "confirm"})


@login_required
def vote_document(request, pk, kind, fmt):
    campaign, _roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    session = get_object_or_404(VotingSession, campaign=campaign, status="closed")
    build = vote_count_document if kind == "kiem-phieu" else minutes_document
    document = build(session, request.user)
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    return document_response(content, document.file_stem, fmt)
