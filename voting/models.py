"""The year-end vote (bình xét, suy tôn) by secret ballot.

Secrecy against the database (issue 13, docs/ballot.md): online ballots are encrypted in the
voter's browser and stored as ciphertexts with their proofs (EncryptedBallot); the counting
board's public shares make the election key; counts exist only once every board member has
sent a partial decryption of the sums (Tally rows are written then). No row ever holds a
plaintext choice. Questions counted before this scheme keep their Tally and Receipt rows,
read-only, marked `legacy` ("kiểm theo cách cũ").
"""

import secrets
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import AwardType, Campaign
from clusters.models import Unit
from reports.models import IssuedDocument


class VotingSession(models.Model):
    class Mode(models.TextChoices):
        ONLINE = "online", _("Online secret ballot")
        PAPER = "paper", _("Paper ballots, counts entered")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        OPEN = "open", _("Voting")
        CLOSED = "closed", _("Closed")

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE,
                                    related_name="voting_session")
    mode = models.CharField(_("mode"), max_length=6, choices=Mode.choices, default=Mode.ONLINE)
    status = models.CharField(_("status"), max_length=9, choices=Status.choices,
                              default=Status.PREPARING)
    quorum = models.DecimalField(_("quorum (share of member units present)"), max_digits=4,
                                 decimal_places=3, default=Decimal("0.667"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair = models.CharField(_("chair"), max_length=150, blank=True)
    secretary = models.CharField(_("secretary"), max_length=150, blank=True)
    notes = models.TextField(_("proceedings"), blank=True)
    # The conference as it really was, for both minutes: its date, when it started and ended.
    held_on = models.DateField(_("conference date"), null=True, blank=True)
    starts_at = models.TimeField(_("started at"), null=True, blank=True)
    ends_at = models.TimeField(_("ended at"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The two records of the conference, numbered and frozen when the head issues them.
    count_record = models.OneToOneField(IssuedDocument, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+")
    minutes_record = models.OneToOneField(IssuedDocument, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="+")
    # A counting board member's share declared lost (issue 13, item 3): every question not
    # yet counted is void online and voted again on paper (Question.voided_at).
    share_lost_member = models.ForeignKey("CountingBoardMember", on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+")
    share_lost_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("voting session")
        verbose_name_plural = _("voting sessions")

    def __str__(self):
        return f"{self.campaign}"


class Attendance(models.Model):
    """A member unit checked in as present."""

    session = models.ForeignKey(VotingSession, on_delete=models.CASCADE,
                                related_name="attendances")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "unit"],
                                               name="attend_once",
                                               violation_error_message=_(
                                                   "This unit's attendance is already recorded."))]

    def __str__(self):
        return str(self.unit)


class CountingBoardMember(models.Model):
    """A member of the counting board (ban kiểm phiếu), named when the vote is prepared and
    printed in the vote-count record: by default a person of the head unit (its chief), one
    of the deputy unit and one of another member unit."""

    session = models.ForeignKey(VotingSession, on_delete=models.CASCADE,
                                related_name="board_members")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", null=True,
                             blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    is_chief = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    # The account whose browser draws this member's share and sends its partial decryptions.
    user = models.ForeignKey("members.User", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+")
    # The public share X = x·G (hex) with its Schnorr proof of knowledge, bound to the session
    # and the member; the secret x never reaches the server.
    public_share = models.CharField(max_length=64, blank=True)
    share_commitment = models.CharField(max_length=64, blank=True)
    share_response = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    @property
    def crypto_id(self):
        """The member as the transcripts and the bulletin name it."""
        return f"M{self.pk}"


class Question(models.Model):
    class Kind(models.TextChoices):
        AWARD = "award", _("Award nomination")
        HEAD = "head", _("Next year's head")
        DEPUTY = "deputy", _("Next year's deputy")

    session = models.ForeignKey(VotingSession, on_delete=models.CASCADE,
                                related_name="questions")
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    award = models.ForeignKey(AwardType, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    title = models.CharField(_("question"), max_length=255)
    quota = models.PositiveSmallIntegerField(_("at most (choices per ballot)"), default=1)
    threshold = models.DecimalField(_("threshold (share of all member units)"), max_digits=4,
                                    decimal_places=3)
    strictly_above = models.BooleanField(_("strictly above the threshold"), default=False)
    round = models.PositiveSmallIntegerField(default=1)
    runoff_of = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="runoffs")
    order = models.PositiveSmallIntegerField(default=0)
    # Paper mode: the number of ballots counted, from the vote-count record.
    paper_ballots = models.PositiveSmallIntegerField(null=True, blank=True)
    # Paper ballots received but invalid (unstamped, more choices than allowed): not counted.
    paper_invalid = models.PositiveSmallIntegerField(default=0)
    # No more ballots from then on. Paper and legacy questions are counted at once; encrypted
    # ones once every board member's partial decryption is in (counted_at).
    closed_at = models.DateTimeField(null=True, blank=True)
    # The head ended the voting before every present unit had voted (early-close minimum).
    closed_early = models.BooleanField(default=False)
    counted_at = models.DateTimeField(null=True, blank=True)  # counts visible from then on
    # Counted in plaintext before the encrypted ballot (issue 13): counts kept, read-only.
    legacy = models.BooleanField(_("counted under the earlier scheme"), default=False)
    # Not yet counted when a board member's share was lost: its encrypted ballots can never
    # be counted (no counts are ever shown for them); it is voted again on paper.
    voided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "round", "pk"]
        constraints = [models.CheckConstraint(
            condition=Q(threshold__gt=0) & Q(threshold__lte=1), name="threshold_is_a_share",
            violation_error_message=_("The threshold must be a share above 0 and at most 1."))]

    def __str__(self):
        return self.title


class Candidate(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="candidates")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)  # in the scoring results
    added_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["rank", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["question", "unit"],
                                               name="candidate_once",
                                               violation_error_message=_(
                                                   "This unit is already a candidate."))]

    def __str__(self):
        return str(self.unit)


class Tally(models.Model):
    """Yes votes of one candidate: entered from the paper vote-count record, or read off the
    table of j·G once every board member decrypted the sums (written only then). Legacy
    questions keep the counts of the earlier, plaintext scheme."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="tally")
    yes = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.candidate}: {self.yes}"


class BallotCast(models.Model):
    """Legacy (questions counted before issue 13): only THAT a unit voted on a question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="casts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "unit"],
                                               name="one_ballot_per_unit",
                                               violation_error_message=_(
                                                   "This unit has already voted."))]

    def __str__(self):
        return f"{self.unit} voted on {self.question}"


class EncryptedBallot(models.Model):
    """A unit's encrypted ballot on a question, as it appears on the bulletin: ciphertexts and
    proofs (`ballot_crypto.ballot_to_json`) and the tracker, the voter's receipt. Written by
    exactly one INSERT, never updated; no time stamp."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE,
                                 related_name="encrypted_ballots")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    ballot = models.JSONField()  # {"ciphertexts": [...], "choice_proofs": [...], "quota_proof"}
    tracker = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "unit"], name="one_encrypted_ballot",
                                    violation_error_message=_("This unit has already voted.")),
            models.UniqueConstraint(fields=["tracker"], name="tracker_unique")]

    def __str__(self):
        return self.tracker


class PartialDecryption(models.Model):
    """A board member's partial decryption of a question's sums with its Chaum–Pedersen proof
    (`ballot_crypto.partial_to_json`), held back until every member has sent theirs."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="partials")
    member = models.ForeignKey(CountingBoardMember, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "member"],
                                               name="one_partial_per_member",
                                               violation_error_message=_(
                                                   "This member has already decrypted."))]

    def __str__(self):
        return f"{self.member} on {self.question}"


def new_receipt_code():
    return secrets.token_hex(5).upper()


def random_key():
    return secrets.token_hex(16)


class Receipt(models.Model):
    """A code given to the voter; published after closing so each can check theirs was
    counted. Random primary key and no unit: receipts cannot be put in casting order."""

    id = models.CharField(primary_key=True, max_length=32, default=random_key)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="receipts")
    code = models.CharField(max_length=10, default=new_receipt_code)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["question", "code"],
                                               name="receipt_code_unique",
                                               violation_error_message=_(
                                                   "This receipt code is already used."))]

    def __str__(self):
        return self.code


class CandidateChange(models.Model):
    """The head's additions to and removals from a question's candidates, with the reason."""

    class Action(models.TextChoices):
        ADDED = "added", _("added")
        REMOVED = "removed", _("removed")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="changes")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=7, choices=Action.choices)
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.unit} {self.action}: {self.reason}"


class Abstention(models.Model):
    """A unit's declaration that it does not vote on a question about itself (its unit is a
    candidate), issue 13 item 7: no ciphertext, only the unit and the question. It counts as
    taking part for the closing rule and is listed on the bulletin (`abstaining_units`)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE,
                                 related_name="abstentions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "unit"],
                                               name="abstain_once",
                                               violation_error_message=_(
                                                   "This unit has already declared it "
                                                   "abstains."))]

    def __str__(self):
        return f"{self.unit} abstains on {self.question}"


class TrackerCheck(models.Model):
    """The check in the room (issue 13, item 8): the representatives looked up their ballots'
    trackers on the bulletin; the secretary records how many units checked, the units that
    reported a missing tracker and a note. Printed in the minutes."""

    session = models.OneToOneField(VotingSession, on_delete=models.CASCADE,
                                   related_name="tracker_check")
    units_checked = models.PositiveSmallIntegerField(_("units that checked their trackers"))
    missing_units = models.ManyToManyField(Unit, blank=True, related_name="+",
                                           verbose_name=_("units reporting a missing tracker"))
    note = models.TextField(_("note"), blank=True)

    def __str__(self):
        return f"{self.session}: {self.units_checked}"
