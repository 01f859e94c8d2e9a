"""The conference vote: preparation, check-in, ballots, paper counts, results, documents.

Every view fetches through members.permissions; only a present unit's designated voter
reaches the ballot, and counts appear only for closed questions."""

import json
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse
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
from reports.views import issued_response
from voting import ballot_crypto as bc
from voting import bulletin as bulletin_board
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
    TrackerCheckForm,
)
from voting.models import (
    Abstention,
    Candidate,
    CountingBoardMember,
    EncryptedBallot,
    PartialDecryption,
    Question,
    TrackerCheck,
    VotingSession,
)


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
    if session is None and can_run:
        context["prepare_refusal"] = selectors.prepare_refusal(campaign)
    if session is not None:
        members = member_units(campaign)
        present = set(session.attendances.values_list("unit_id", flat=True))
        unit = voter_unit(request.user, campaign)
        voted = set(EncryptedBallot.objects.filter(question__session=session, unit=unit)
                    .values_list("question_id", flat=True)) if unit else set()
        abstained = set(Abstention.objects.filter(question__session=session, unit=unit)
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
                and selectors.on_paper(question) and not question.closed_at
            row.counts_form = (bound.get(f"counts-{question.pk}") or PaperCountsForm(
                question=question)) if paper else None
            row.can_close = can_run and selectors.question_close_refusal(question) is None
            # Ending early is offered while normal closing is refused; its page says whether
            # the minimum is reached (the same selector as the service).
            row.can_end_early = can_run and not row.can_close and selectors.encrypted(question) \
                and session.status == VotingSession.Status.OPEN and not question.closed_at
            row.bulletin = selectors.encrypted(question) and session.status != \
                VotingSession.Status.PREPARING and question.candidates.all()
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
            "abstained": abstained,
            "rows": rows,
            "details_form": (bound.get("details") or DetailsForm(members=members,
                                                                 session=session))
            if can_run and not session.minutes_record_id else None,
            "board": list(session.board_members.select_related("unit")),
            # Who may declare a member's share lost now: the head, or the member.
            "share_lost_links": [m for m in session.board_members.all()
                                 if (can_run or m.user_id == request.user.pk)
                                 and selectors.share_lost_refusal(m) is None],
            "voided": selectors.voided_questions(session) if session.share_lost_at else [],
            "board_member": session.board_members.filter(user=request.user).exists(),
            # The receipts: trackers on the bulletin (codes of the earlier scheme for legacy).
            "receipts": {q.question.pk: list(
                q.question.receipts.values_list("code", flat=True) if q.question.legacy else
                q.question.encrypted_ballots.order_by("tracker").values_list("tracker", flat=True))
                for q in rows} if session.status == "closed" else {},
        })
        if can_run and selectors.tracker_check_refusal(session) is None:
            present_units = [u for u in members if u.pk in present]
            context["tracker_form"] = bound.get("trackers") or TrackerCheckForm(
                present=present_units,
                check=TrackerCheck.objects.filter(session=session).first())
        context["tracker_check"] = TrackerCheck.objects.filter(session=session).first()
        if can_run:
            context["open_refusal"] = selectors.open_refusal(session)
            context["close_refusal"] = selectors.close_refusal(session)
            if session.status == VotingSession.Status.CLOSED:
                context["records_refusal"] = selectors.records_issue_refusal(session)
    return render(request, "voting/session.html", context)


@login_required
def session_page(request, pk):
    campaign, roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    return _session_page(request, campaign, roles)


def _run(request, pk):
    campaign, roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    return campaign, roles, VotingSession.objects.filter(campaign=campaign).first()


def _run_session(request, pk):
    """As _run, for the actions on a prepared vote: no session yet is a 404."""
    campaign, roles, session = _run(request, pk)
    if session is None:
        raise Http404
    return campaign, roles, session


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
    campaign, roles, session = _run_session(request, pk)
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
    campaign, roles, session = _run_session(request, pk)
    form = DetailsForm(request.POST, members=member_units(campaign), session=session)
    return _save(request, campaign, roles, "details", form,
                 lambda data: services.session_details_save(
                     session=session, place=data["place"], chair=data["chair"],
                     secretary=data["secretary"], board=form.board()),
                 _("Conference details and counting board saved."))


@login_required
@require_POST
def tracker_check(request, pk):
    """The secretary records the tracker check in the room (printed in the minutes)."""
    campaign, roles, session = _run_session(request, pk)
    present = [u for u in member_units(campaign)
               if u.pk in set(session.attendances.values_list("unit_id", flat=True))]
    form = TrackerCheckForm(request.POST, present=present)
    by_pk = {u.pk: u for u in present}
    return _save(request, campaign, roles, "trackers", form,
                 lambda data: services.tracker_check_record(
                     session=session, units_checked=data["units_checked"],
                     missing_units=[by_pk[pk] for pk in data["missing"]], note=data["note"]),
                 _("The tracker check is recorded; the minutes print it."))


@login_required
def paper_ballots(request, pk):
    """PHIẾU BẦU for a paper vote: one ballot per question for every unit present."""
    campaign, _roles, session = _run(request, pk)
    if session is None or (session.mode != VotingSession.Mode.PAPER
                           and not session.share_lost_at):
        raise Http404
    return document_response(paper_ballots_pdf(session, request.user),
                             f"phieu-bau-{campaign.cluster.code}-{campaign.year}".lower(), "pdf")


@login_required
@require_POST
def attendance(request, pk):
    campaign, roles, session = _run_session(request, pk)
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
    campaign, _roles, session = _run_session(request, pk)
    run_service(request, lambda: services.session_open(session=session), _("Voting is open."))
    return redirect("voting:voting_session", pk=campaign.pk)


@login_required
@require_POST
def question_close(request, pk):
    question, campaign, _roles = _question_run(request, pk)
    run_service(request, lambda: services.question_close(question=question),
                _("Question closed: the counting board can now count it.")
                if selectors.encrypted(question) else
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
    campaign, _roles, session = _run_session(request, pk)
    run_service(request, lambda: services.session_close(session=session),
                _("The vote is closed; next year's head and deputy are set."))
    return redirect("voting:voting_session", pk=campaign.pk)


def ballot_page_data(question, unit):
    """What the voter's browser encrypts to, as data for the bundled module (no inline
    script): the question's public parameters, and the board's shares with their proofs, from
    which the browser computes the election key itself (`ThiduaBallot.verifyBoard`)."""
    session = question.session
    board = [bulletin_board.board_entry(m.crypto_id, share, proof)
             for m, share, proof in selectors.board_shares(session)]
    key = selectors.election_key(session)
    return {"session": selectors.crypto_session_id(session),
            "question": selectors.crypto_question_id(question), "round": question.round,
            "quota": question.quota, "unit": unit.code,
            "candidates": [{"id": c.unit.code, "name": c.unit.name}
                           for c in selectors.ballot_candidates(question)],
            "board": board, "election_key": key.hex() if key else None}


def ballot_state(question, unit):
    """Why this unit cannot vote on the question now (a sentence shown instead of the form),
    or None."""
    session = question.session
    if question.voided_at:
        return _("A counting board member's share was lost: this question is voted again on "
                 "paper.")
    if not selectors.encrypted(question):
        return _("This question is not voted online.")
    if session.status != VotingSession.Status.OPEN or question.closed_at:
        return _("Voting on this question is closed.")
    if not session.attendances.filter(unit=unit).exists():
        return _("Your unit is not recorded as present: it cannot vote.")
    if EncryptedBallot.objects.filter(question=question, unit=unit).exists():
        return _("Your unit has already voted on this question. Its tracker is on the "
                 "bulletin.")
    if Abstention.objects.filter(question=question, unit=unit).exists():
        return _("Your unit has declared it does not vote on this question about itself.")
    if selectors.election_key(session) is None:
        return _("The election key is not complete yet: not every member of the counting "
                 "board has published their share. Try again in a moment.")
    return None


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request, pk):
    """The voter's page: the browser chooses, confirms and encrypts (static/js/ballot.js with
    the bundle); the only POST carries ciphertexts and proofs. The receipt is the tracker."""
    question = get_object_or_404(Question.objects.select_related("session__campaign"), pk=pk)
    campaign, _roles = get_campaign_for(request.user, question.session.campaign_id,
                                        Action.VIEW_CAMPAIGN)
    unit = voter_unit(request.user, campaign)
    if unit is None:
        raise PermissionDenied
    form = BallotForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            tracker = services.ballot_cast(question=question, unit=unit, user=request.user,
                                           ballot=form.cleaned_data["ballot"])
        except ValidationError as error:
            errors_to_form(error, form)
        else:
            return render(request, "voting/receipt.html", {
                "question": question, "code": tracker, "campaign": campaign})
    state = ballot_state(question, unit)
    return render(request, "voting/ballot.html", {
        "question": question, "campaign": campaign, "unit": unit, "form": form,
        "state": state, "ballot_data": None if state else ballot_page_data(question, unit),
        "may_abstain": selectors.abstention_refusal(question, unit) is None})


@login_required
@require_http_methods(["GET", "POST"])
def abstain(request, pk):
    """The designated voter of a unit that is a candidate declares it does not vote on this
    question about itself: a confirmation page, then the POST (the refusal is the service's
    own selector)."""
    question = get_object_or_404(Question.objects.select_related("session__campaign"), pk=pk)
    campaign, _roles = get_campaign_for(request.user, question.session.campaign_id,
                                        Action.VIEW_CAMPAIGN)
    unit = voter_unit(request.user, campaign)
    if unit is None:
        raise PermissionDenied
    if request.method == "POST":
        if run_service(request, lambda: services.abstention_declare(
                question=question, unit=unit, user=request.user),
                _("Your unit's declaration is recorded: it does not vote on this question.")):
            return redirect("voting:voting_session", pk=campaign.pk)
        return redirect("voting:abstain", pk=question.pk)
    return render(request, "voting/abstain.html", {
        "question": question, "campaign": campaign, "unit": unit,
        "refusal": selectors.abstention_refusal(question, unit)})


def _viewed_question(request, pk):
    question = get_object_or_404(Question.objects.select_related("session__campaign"), pk=pk)
    campaign, roles = get_campaign_for(request.user, question.session.campaign_id,
                                       Action.VIEW_CAMPAIGN)
    return question, campaign, roles


def counting_bulletin(question):
    """The question's bulletin as a board member's browser fetches it: while the question
    waits for the board, the sums the server will check the decryptions against ride along
    (tally without decryptions or counts); the browser recomputes them from the ballots and
    refuses to decrypt sums that differ."""
    data = selectors.question_bulletin(question)
    if data is None:
        return None
    entry = data["questions"][0]
    if question.closed_at and not question.counted_at and entry["ballots"]:
        entry["tally"] = {"sums": [bc.ciphertext_to_json(ct)
                                   for ct in selectors.question_sums(question)],
            "partial_decryptions": [], "counts": None, "result": None}
    return data


@login_required
def bulletin_json(request, pk):
    """The question's bulletin (docs/ballot.md §3) as deterministic JSON bytes."""
    question, _campaign, _roles = _viewed_question(request, pk)
    data = counting_bulletin(question)
    if data is None:
        raise Http404
    response = HttpResponse(bulletin_board.bulletin_to_bytes(data),
                            content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="bulletin-{question.pk}.json"'
    return response


@login_required
def bulletin(request, pk):
    """The bulletin board of a question: every tracker; a voter finds theirs (?tracker=)."""
    question, campaign, _roles = _viewed_question(request, pk)
    if not selectors.encrypted(question):
        raise Http404
    trackers = list(question.encrypted_ballots.order_by("tracker")
                    .values_list("tracker", flat=True))
    sought = request.GET.get("tracker", "").strip().lower()
    key = selectors.election_key(question.session)
    data = selectors.question_bulletin(question) if question.counted_at else None
    return render(request, "voting/bulletin.html", {
        "question": question, "campaign": campaign, "trackers": trackers, "sought": sought,
        "found": sought in trackers if sought else None,
        "fingerprint": bc.key_fingerprint(key) if key else None,
        "sha256": bulletin_board.bulletin_sha256(data) if data else None,
        "result": selectors.question_result(question)})


def _board_member(request, campaign):
    member = CountingBoardMember.objects.filter(session__campaign=campaign,
                                                user=request.user).select_related(
        "session").first()
    if member is None:
        raise PermissionDenied
    return member


@login_required
def board(request, pk):
    """A counting board member's page: draw and publish the share (in the browser), and at
    each question's close verify the bulletin and send the partial decryption."""
    campaign, _roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    member = _board_member(request, campaign)
    session = member.session
    sent = set(PartialDecryption.objects.filter(member=member)
               .values_list("question_id", flat=True))
    waiting = [q for q in session.questions.filter(closed_at__isnull=False,
                                                   counted_at__isnull=True)
               .order_by("order", "round", "pk") if q.pk not in sent]
    return render(request, "voting/board.html", {
        "campaign": campaign, "member": member, "session": session, "waiting": waiting,
        "share_open": not member.public_share and session.mode == VotingSession.Mode.ONLINE
        and session.status != VotingSession.Status.CLOSED,
        "fingerprint": bc.key_fingerprint(k) if (k := selectors.election_key(session)) else None,
        "board_data": {"session": selectors.crypto_session_id(session),
                       "member": member.crypto_id, "public_share": member.public_share}})


@login_required
@require_POST
def board_share(request, pk):
    """The member's public share and its Schnorr proof, made in the browser."""
    campaign, _roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    member = _board_member(request, campaign)

    def publish():
        try:
            proof = json.loads(request.POST.get("proof", ""))
        except ValueError:
            proof = None
        services.board_share_publish(member=member, user=request.user,
                                     public_share=request.POST.get("public_share", ""),
                                     proof=proof if isinstance(proof, dict) else {})

    run_service(request, publish, _("Your share is published."))
    return redirect("voting:board", pk=campaign.pk)


@login_required
@require_POST
def board_decrypt(request, pk):
    """The member's partial decryption of a question's sums, made in the browser."""
    question, campaign, _roles = _viewed_question(request, pk)
    member = _board_member(request, campaign)

    def send():
        try:
            partial = json.loads(request.POST.get("partial", ""))
        except ValueError:
            partial = None
        services.partial_decryption_send(question=question, member=member, user=request.user,
                                         partial=partial if isinstance(partial, dict) else {})

    run_service(request, send, _("Your partial decryption is sent. The counts appear once "
                                 "every board member has sent theirs."))
    return redirect("voting:board", pk=campaign.pk)


@login_required
@require_http_methods(["GET", "POST"])
def question_end_early(request, pk):
    """The head ends voting on a question before every present unit voted: a confirmation
    page, then the POST; refused below max(3, ⌈quorum × members⌉) ballots (the refusal is
    the service's own selector)."""
    question, campaign, _roles = _question_run(request, pk)
    if request.method == "POST":
        if run_service(request, lambda: services.question_close(question=question, early=True),
                       _("Voting on this question has ended early; the counting board can "
                         "now count it.")):
            return redirect("voting:voting_session", pk=campaign.pk)
        return redirect("voting:question_end_early", pk=question.pk)
    session = question.session
    return render(request, "voting/end_early.html", {
        "question": question, "campaign": campaign,
        "refusal": selectors.question_close_refusal(question, early=True),
        "ballots": question.encrypted_ballots.count(),
        "present": session.attendances.count(),
        "minimum": bulletin_board.early_close_minimum(selectors.members_count(session),
                                                      session.quorum)})


@login_required
@require_http_methods(["GET", "POST"])
def share_lost(request, pk):
    """The head, or the board member, declares the member's share lost: a confirmation page,
    then the POST (the refusal is the service's own selector)."""
    member = get_object_or_404(CountingBoardMember.objects.select_related("session__campaign"),
                               pk=pk)
    campaign, roles = get_campaign_for(request.user, member.session.campaign_id,
                                       Action.VIEW_CAMPAIGN)
    if not (permissions.allows(Action.RUN_CLUSTER, roles) or member.user_id == request.user.pk):
        raise PermissionDenied
    if request.method == "POST":
        if run_service(request, lambda: services.board_share_lost_declare(member=member),
                       _("The share is declared lost: the questions not yet counted are voted "
                         "again on paper.")):
            return redirect("voting:voting_session", pk=campaign.pk)
        return redirect("voting:share_lost", pk=member.pk)
    session = member.session
    return render(request, "voting/share_lost.html", {
        "member": member, "campaign": campaign, "refusal": selectors.share_lost_refusal(member),
        "questions": session.questions.filter(counted_at__isnull=True)
        .order_by("order", "round", "pk")})


@login_required
@require_POST
def records_issue(request, pk):
    """Number and freeze the vote-count record and the minutes."""
    campaign, _roles, session = _run_session(request, pk)
    run_service(request, lambda: services.vote_records_issue(session=session, by=request.user),
                _("The vote-count record and the minutes are issued; downloads now serve the "
                  "files as issued."))
    return redirect("voting:voting_session", pk=campaign.pk)


@login_required
def vote_document(request, pk, kind, fmt):
    """The vote-count record or the minutes: as stored at issue, else a live draft."""
    campaign, _roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    session = get_object_or_404(VotingSession.objects.select_related(
        "count_record__stored", "minutes_record__stored"), campaign=campaign, status="closed")
    issued = session.count_record if kind == "kiem-phieu" else session.minutes_record
    if issued is not None and issued.stored_id:
        return issued_response(issued, fmt)
    build = vote_count_document if kind == "kiem-phieu" else minutes_document
    document = build(session, request.user)
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    return document_response(content, document.file_stem, fmt)
