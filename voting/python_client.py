"""What the voter's and the board members' browsers do (static/src/ballot/), done in Python
with voting/ballot_crypto.py: for seeding (seed_demo, seed_scale) and tests only. The server
never runs this for a real vote: the secrets below are the board's, and the choices the
voters'."""

from voting import ballot_crypto as bc
from voting import selectors, services


def board_keys_publish(session, rng=bc.system_rng):
    """Every board member draws a share and publishes its public share with its proof;
    returns {member pk: secret} (kept by the caller, as each member keeps its code)."""
    secrets = {}
    for member in session.board_members.select_related("user"):
        seed = bc.new_share_seed() if rng is bc.system_rng else \
            rng().to_bytes(32, "little")[:16]
        secret = bc.share_secret(seed)
        proof = bc.prove_share(selectors.crypto_session_id(session), member.crypto_id, secret,
                               rng)
        services.board_share_publish(member=member, user=member.user,
                                     public_share=bc.public_share(secret).hex(),
                                     proof=bc.schnorr_to_json(proof))
        secrets[member.pk] = secret
    return secrets


def ballot_json(question, unit, chosen_units, rng=bc.system_rng):
    """The POST body of the unit's ballot for the candidates whose units are chosen_units."""
    public = selectors.crypto_question(question)
    chosen = {u.pk for u in chosen_units}
    choices = [int(c.unit_id in chosen) for c in selectors.ballot_candidates(question)]
    ballot = bc.encrypt_ballot(public, unit.code, choices, rng)
    data = bc.ballot_to_json(ballot)
    del data["unit"]
    return data


def vote(question, unit, user, chosen_units, rng=bc.system_rng):
    """Encrypt and cast; returns the tracker."""
    return services.ballot_cast(question=question, unit=unit, user=user,
                                ballot=ballot_json(question, unit, chosen_units, rng))


def partial_json(question, member, secret, rng=bc.system_rng):
    public = selectors.crypto_question(question)
    partial = bc.partial_decrypt(public, member.crypto_id, secret,
                                 selectors.question_sums(question), rng)
    return bc.partial_to_json(partial)


def board_decrypt(question, secrets, rng=bc.system_rng):
    """Every board member decrypts the question's sums; returns the counts (ballot order)."""
    counts = None
    for member in question.session.board_members.select_related("user"):
        counts = services.partial_decryption_send(
            question=question, member=member, user=member.user,
            partial=partial_json(question, member, secrets[member.pk], rng))
    return counts


# --- Seeding in bulk (seed_scale): the same rows the services write, without the per-ballot
# checks (the proofs are made here, honestly, and the bulletin verifies).

def board_keys_seed(session, rng=bc.system_rng):
    """board_keys_publish without the service: {member pk: secret}."""
    from voting.models import CountingBoardMember

    secrets, members = {}, list(session.board_members.all())
    for member in members:
        secret = bc.share_secret(rng().to_bytes(32, "little")[:16])
        proof = bc.prove_share(selectors.crypto_session_id(session), member.crypto_id, secret,
                               rng)
        member.public_share = bc.public_share(secret).hex()
        member.share_commitment = proof.commitment.hex()
        member.share_response = proof.response.to_bytes(32, "little").hex()
        secrets[member.pk] = secret
    CountingBoardMember.objects.bulk_update(members, ["public_share", "share_commitment",
                                                      "share_response"])
    return secrets


def question_seed_counted(question, ballots, secrets, *, at, rng=bc.system_rng):
    """Cast and count a question in bulk: ballots {unit: [chosen units]}; every board member
    decrypts the sums. Returns the counts in ballot order."""
    from voting.models import EncryptedBallot, PartialDecryption, Tally

    public = selectors.crypto_question(question)
    candidates = selectors.ballot_candidates(question)
    made, rows = [], []
    for unit, chosen in ballots.items():
        ids = {u.pk for u in chosen}
        ballot = bc.encrypt_ballot(public, unit.code, [int(c.unit_id in ids) for c in candidates],
                                   rng)
        made.append(ballot)
        data = bc.ballot_to_json(ballot)
        del data["unit"]
        rows.append(EncryptedBallot(question=question, unit=unit, ballot=data,
                                    tracker=bc.tracker(public, ballot)))
    EncryptedBallot.objects.bulk_create(sorted(rows, key=lambda r: r.tracker))
    sums = bc.sum_ballots(made, len(candidates))
    members = list(question.session.board_members.all())
    partials = [bc.partial_decrypt(public, m.crypto_id, secrets[m.pk], sums, rng)
                for m in members]
    PartialDecryption.objects.bulk_create([
        PartialDecryption(question=question, member=m, data=bc.partial_to_json(p))
        for m, p in zip(members, partials, strict=True)])
    counts = bc.read_counts(sums, partials, len(made))
    Tally.objects.bulk_create([Tally(candidate=c, yes=n)
                               for c, n in zip(candidates, counts, strict=True)])
    question.closed_at = question.counted_at = at
    question.save(update_fields=["closed_at", "counted_at"])
    return counts
