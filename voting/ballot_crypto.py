"""The ballot's cryptography (issue 13): exponential ElGamal on ristretto255 with zero-knowledge
proofs, on libsodium through pysodium.

Pure Python with no Django import, so that `python -m voting.verifier` can use it anywhere.
The browser twin is static/src/ballot/crypto.js; both produce the bytes of
tests/vectors/ballot-v1.json. docs/ballot.md describes the scheme and every byte hashed.

Notation (additive, as the libraries are): G the generator, Y = x·G the election key, a vote
v ∈ {0, 1} for one candidate is the ciphertext (α, β) = (r·G, r·Y + v·G).

Traps designed around (issue 13, item 2): libsodium's scalar multiplication refuses a result
equal to the identity, so `_mul` returns the identity itself when the scalar is 0 mod L or the
point is the identity (the group has prime order, so those are the only cases); a 0 vote is
β = r·Y, never r·Y + 0·G; g^j is built by adding G; libsodium accepts s + L as s, so every
scalar is checked canonical here; any pysodium error on input is an invalid ballot.
"""

import functools
import hashlib
import re
import secrets
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass

import pysodium as _na

VERSION_TAG = b"thidua-ballot-v1"
L = 2**252 + 27742317777372353535851937790883648493  # the group order
IDENTITY = bytes(32)
SCALAR_BYTES = 32
POINT_BYTES = 32

Rng = Callable[[], int]  # returns a scalar in [1, L)


class InvalidProof(ValueError):
    """Input refused by a named check (never a crash): `check` says which one."""

    def __init__(self, check: str, detail: str = ""):
        self.check = check
        self.detail = detail
        super().__init__(f"{check}: {detail}" if detail else check)


# ---------------------------------------------------------------------------------------------
# Group arithmetic: every operation the rest uses, total on valid input.

def _scalar_bytes(s: int) -> bytes:
    return (s % L).to_bytes(SCALAR_BYTES, "little")


def _mul(s: int, point: bytes) -> bytes:
    s %= L
    if s == 0 or point == IDENTITY:
        return IDENTITY
    return _na.crypto_scalarmult_ristretto255(_scalar_bytes(s), point)


def _base(s: int) -> bytes:
    s %= L
    if s == 0:
        return IDENTITY
    return _na.crypto_scalarmult_ristretto255_base(_scalar_bytes(s))


def _add(p: bytes, q: bytes) -> bytes:
    return _na.crypto_core_ristretto255_add(p, q)


def _sub(p: bytes, q: bytes) -> bytes:
    return _na.crypto_core_ristretto255_sub(p, q)


G = _base(1)


def point_sum(points: Sequence[bytes]) -> bytes:
    total = IDENTITY
    for point in points:
        total = _add(total, point)
    return total


def powers_of_g(count: int) -> list[bytes]:
    """[0·G, 1·G, …, count·G], by adding G (scalar multiplication by 0 is refused)."""
    table = [IDENTITY]
    for _ in range(count):
        table.append(_add(table[-1], G))
    return table


def is_point(data: object) -> bool:
    """A canonical ristretto255 encoding (the identity's all-zero encoding included)."""
    return (isinstance(data, bytes) and len(data) == POINT_BYTES
            and bool(_na.crypto_core_ristretto255_is_valid_point(data)))


def _check_points(check_name: str, points: Sequence[bytes]) -> None:
    for point in points:
        if not is_point(point):
            raise InvalidProof("point_encoding", check_name)


def _check_scalars(scalars: Sequence[int]) -> None:
    for s in scalars:
        if not isinstance(s, int) or isinstance(s, bool) or not 0 <= s < L:
            raise InvalidProof("scalar_canonical", "a scalar is not below the group order")


def system_rng() -> int:
    while True:
        s = secrets.randbelow(L)
        if s:
            return s


def deterministic_rng(seed: bytes) -> Rng:
    """Known-answer vectors only: scalar i = SHA-512(seed ‖ i as 4 bytes BE) mod L, skipping 0."""
    counter = 0

    def draw() -> int:
        nonlocal counter
        while True:
            digest = hashlib.sha512(seed + counter.to_bytes(4, "big")).digest()
            counter += 1
            s = int.from_bytes(digest, "little") % L
            if s:
                return s

    return draw


# ---------------------------------------------------------------------------------------------
# Fiat–Shamir transcripts: length-prefixed bytes, never JSON.

def _item(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def _text(value: str) -> bytes:
    return _item(value.encode("utf-8"))


def _number(value: int) -> bytes:
    return _item(value.to_bytes(8, "big"))


def hash_to_scalar(transcript: bytes) -> int:
    digest = hashlib.sha512(transcript).digest()
    reduced = _na.crypto_core_ristretto255_scalar_reduce(digest)
    return int.from_bytes(reduced, "little")


@dataclass(frozen=True)
class Question:
    """The public parameters that every ballot of one question is bound to."""

    session: str
    question: str
    round: int
    election_key: bytes
    candidates: tuple[str, ...]
    quota: int

    def prefix(self, kind: str) -> bytes:
        out = _item(VERSION_TAG) + _text(kind) + _text(self.session) + _text(self.question)
        out += _number(self.round) + _item(self.election_key) + _number(len(self.candidates))
        for candidate in self.candidates:
            out += _text(candidate)
        return out + _number(self.quota)


# ---------------------------------------------------------------------------------------------
# Ballots: one ciphertext per candidate, a 0-or-1 proof each, a 0..quota proof on their sum.

@dataclass(frozen=True)
class Ciphertext:
    alpha: bytes
    beta: bytes


@dataclass(frozen=True)
class OrProof:
    """Disjunctive Chaum–Pedersen: branch j claims (α, β − j·G) = (r·G, r·Y)."""

    commitments: tuple[tuple[bytes, bytes], ...]  # (A_j, B_j)
    challenges: tuple[int, ...]  # c_j, summing to the transcript's challenge
    responses: tuple[int, ...]  # s_j


@dataclass(frozen=True)
class Ballot:
    unit: str
    ciphertexts: tuple[Ciphertext, ...]
    choice_proofs: tuple[OrProof, ...]
    quota_proof: OrProof


def encrypt(key: bytes, vote: int, r: int) -> Ciphertext:
    shared = _mul(r, key)
    return Ciphertext(_base(r), _add(shared, G) if vote else shared)


def add_ciphertexts(items: Sequence[Ciphertext]) -> Ciphertext:
    return Ciphertext(point_sum([c.alpha for c in items]), point_sum([c.beta for c in items]))


class _OrProver:
    """First move of a disjunctive proof: the true branch committed, the others simulated."""

    def __init__(self, key: bytes, ct: Ciphertext, value: int, r: int, branches: int, rng: Rng):
        self.r, self.value, self.branches = r, value, branches
        self.w = rng()
        self.challenges, self.responses, self.commitments = {}, {}, []
        table = powers_of_g(branches - 1)
        for j in range(branches):
            if j == value:
                self.commitments.append((_base(self.w), _mul(self.w, key)))
                continue
            c, s = rng(), rng()
            self.challenges[j], self.responses[j] = c, s
            shifted = _sub(ct.beta, table[j])
            self.commitments.append((_sub(_base(s), _mul(c, ct.alpha)),
                                     _sub(_mul(s, key), _mul(c, shifted))))

    def finish(self, challenge: int) -> OrProof:
        own = (challenge - sum(self.challenges.values())) % L
        challenges = [self.challenges.get(j, own) for j in range(self.branches)]
        responses = [self.responses.get(j, (self.w + own * self.r) % L)
                     for j in range(self.branches)]
        return OrProof(tuple(self.commitments), tuple(challenges), tuple(responses))


def _ballot_transcript(question: Question, unit: str, ciphertexts, commitments) -> bytes:
    out = question.prefix("ballot") + _text(unit)
    for ct in ciphertexts:
        out += _item(ct.alpha) + _item(ct.beta)
    for a, b in commitments:
        out += _item(a) + _item(b)
    return out


def _all_commitments(proofs: Sequence[OrProof]):
    return [pair for proof in proofs for pair in proof.commitments]


def encrypt_ballot(question: Question, unit: str, choices: Sequence[int],
                   rng: Rng = system_rng) -> Ballot:
    """Encrypts one ballot: `choices` has a 0 or 1 per candidate, at most `quota` ones."""
    if len(choices) != len(question.candidates) or any(v not in (0, 1) for v in choices):
        raise ValueError("one 0 or 1 per candidate")
    if sum(choices) > question.quota:
        raise ValueError("more choices than the quota")
    key = question.election_key
    rs = [rng() for _ in choices]
    cts = [encrypt(key, v, r) for v, r in zip(choices, rs, strict=True)]
    provers = [_OrProver(key, ct, v, r, 2, rng) for ct, v, r in zip(cts, choices, rs, strict=True)]
    provers.append(_OrProver(key, add_ciphertexts(cts), sum(choices), sum(rs) % L,
                             question.quota + 1, rng))
    commitments = [pair for prover in provers for pair in prover.commitments]
    challenge = hash_to_scalar(_ballot_transcript(question, unit, cts, commitments))
    proofs = [prover.finish(challenge) for prover in provers]
    return Ballot(unit, tuple(cts), tuple(proofs[:-1]), proofs[-1])


def _check_or_branches(key: bytes, ct: Ciphertext, proof: OrProof, check: str) -> None:
    table = powers_of_g(len(proof.commitments) - 1)
    for j, ((a, b), c, s) in enumerate(zip(proof.commitments, proof.challenges,
                                           proof.responses, strict=True)):
        if _base(s) != _add(a, _mul(c, ct.alpha)):
            raise InvalidProof(check, f"branch {j}: s·G ≠ A + c·α")
        if _mul(s, key) != _add(b, _mul(c, _sub(ct.beta, table[j]))):
            raise InvalidProof(check, f"branch {j}: s·Y ≠ B + c·(β − j·G)")


def _check_ballot_shape(question: Question, ballot: Ballot) -> None:
    n = len(question.candidates)
    proofs = [*ballot.choice_proofs, ballot.quota_proof]
    widths = [2] * len(ballot.choice_proofs) + [question.quota + 1]
    if len(ballot.ciphertexts) != n or len(ballot.choice_proofs) != n or any(
            len(p.commitments) != w or len(p.challenges) != w or len(p.responses) != w
            for p, w in zip(proofs, widths, strict=True)):
        raise InvalidProof("shape", "not one ciphertext and one proof per candidate")


def verify_ballot(question: Question, ballot: Ballot,
                  board_alphas: Container[bytes] = frozenset()) -> None:
    """Raises InvalidProof naming the first check that fails; returns None if all hold.
    `board_alphas`: every α already on the board (any question): a repeat is a copied or
    replayed ballot, or a browser whose randomness repeats (which would leak both votes)."""
    try:
        _verify_ballot(question, ballot)
        alphas = [ct.alpha for ct in ballot.ciphertexts]
        if len(set(alphas)) != len(alphas) or any(a in board_alphas for a in alphas):
            raise InvalidProof("unique_alpha", "an α repeats, within the ballot or on the board")
    except InvalidProof:
        raise
    except (ValueError, TypeError, AttributeError) as error:  # pysodium or a malformed field
        raise InvalidProof("point_encoding", str(error)) from None


def _verify_ballot(question: Question, ballot: Ballot) -> None:
    _check_ballot_shape(question, ballot)
    proofs = [*ballot.choice_proofs, ballot.quota_proof]
    commitments = _all_commitments(proofs)
    _check_points("ciphertexts", [p for ct in ballot.ciphertexts for p in (ct.alpha, ct.beta)])
    _check_points("commitments", [p for pair in commitments for p in pair])
    if any(ct.alpha == IDENTITY for ct in ballot.ciphertexts):
        raise InvalidProof("alpha_identity", "α is the identity: the vote would be in the clear")
    _check_scalars([s for p in proofs for s in (*p.challenges, *p.responses)])
    challenge = hash_to_scalar(_ballot_transcript(question, ballot.unit, ballot.ciphertexts,
                                                  commitments))
    for proof in proofs:
        if sum(proof.challenges) % L != challenge:
            raise InvalidProof("challenge", "the challenges do not add up to the transcript hash")
    key = question.election_key
    for ct, proof in zip(ballot.ciphertexts, ballot.choice_proofs, strict=True):
        _check_or_branches(key, ct, proof, "vote_proof")
    _check_or_branches(key, add_ciphertexts(ballot.ciphertexts), ballot.quota_proof,
                       "quota_proof")


def ballot_to_bytes(question: Question, ballot: Ballot) -> bytes:
    """The ballot's canonical bytes (its tracker is their SHA-256)."""
    proofs = [*ballot.choice_proofs, ballot.quota_proof]
    out = _ballot_transcript(question, ballot.unit, ballot.ciphertexts, _all_commitments(proofs))
    for proof in proofs:
        for c, s in zip(proof.challenges, proof.responses, strict=True):
            # As received, not reduced: s and s + L must not share a tracker.
            out += _item(c.to_bytes(32, "little")) + _item(s.to_bytes(32, "little"))
    return out


def tracker(question: Question, ballot: Ballot) -> str:
    return hashlib.sha256(ballot_to_bytes(question, ballot)).hexdigest()


# ---------------------------------------------------------------------------------------------
# The counting board: shares, their proofs, the election key.

SHARE_SEED_BYTES = 16  # 128 bits, the group's security level; see share_code


@dataclass(frozen=True)
class SchnorrProof:
    commitment: bytes
    response: int


def share_secret(seed: bytes) -> int:
    """The member's secret scalar from the seed written down in the room."""
    digest = hashlib.sha512(_item(VERSION_TAG) + _text("share") + _item(seed)).digest()
    return int.from_bytes(_na.crypto_core_ristretto255_scalar_reduce(digest), "little")


def new_share_seed() -> bytes:
    return secrets.token_bytes(SHARE_SEED_BYTES)


def public_share(secret: int) -> bytes:
    return _base(secret)


def _share_transcript(session: str, member: str, share: bytes, commitment: bytes) -> bytes:
    return (_item(VERSION_TAG) + _text("share-proof") + _text(session) + _text(member)
            + _item(share) + _item(commitment))


def prove_share(session: str, member: str, secret: int, rng: Rng = system_rng) -> SchnorrProof:
    w = rng()
    commitment = _base(w)
    c = hash_to_scalar(_share_transcript(session, member, public_share(secret), commitment))
    return SchnorrProof(commitment, (w + c * secret) % L)


def verify_share(session: str, member: str, share: bytes, proof: SchnorrProof) -> None:
    try:
        _check_points("share", [share, proof.commitment])
        if share == IDENTITY:
            raise InvalidProof("share_proof", "the public share is the identity")
        _check_scalars([proof.response])
        c = hash_to_scalar(_share_transcript(session, member, share, proof.commitment))
        if _base(proof.response) != _add(proof.commitment, _mul(c, share)):
            raise InvalidProof("share_proof", f"member {member}: s·G ≠ A + c·X")
    except InvalidProof:
        raise
    except (ValueError, TypeError, AttributeError) as error:
        raise InvalidProof("point_encoding", str(error)) from None


def combine_key(shares: Sequence[bytes]) -> bytes:
    """Y = the sum of every member's public share: all of them are needed to count."""
    key = point_sum(shares)
    if not shares or key == IDENTITY:
        raise InvalidProof("election_key", "no shares, or shares that cancel out")
    return key


def key_fingerprint(key: bytes) -> str:
    """Y's fingerprint for the voting page and the minutes: 16 hex digits in groups of 4."""
    digest = hashlib.sha256(_item(VERSION_TAG) + _text("key") + _item(key)).hexdigest()[:16]
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4)).upper()


# The seed as a code to write down: RFC 4648 base32 of the 16 bytes (26 characters, the last
# carrying 2 zero bits), then 2 characters of checksum (10 bits of SHA-256), in groups of 4.
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


class InvalidShareCode(ValueError):
    pass


def _code_checksum(seed: bytes) -> str:
    digest = hashlib.sha256(b"thidua-share-code-v1" + seed).digest()
    bits = int.from_bytes(digest[:2], "big") >> 6
    return _ALPHABET[bits >> 5] + _ALPHABET[bits & 31]


def share_code(seed: bytes) -> str:
    if len(seed) != SHARE_SEED_BYTES:
        raise ValueError("a share seed is 16 bytes")
    number = int.from_bytes(seed, "big") << 2  # 128 bits → 130 bits = 26 characters
    body = "".join(_ALPHABET[(number >> (5 * (25 - i))) & 31] for i in range(26))
    code = body + _code_checksum(seed)
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def seed_from_code(code: str) -> bytes:
    """Reads a written-down code back; raises InvalidShareCode on a typo."""
    # Any whitespace and dashes are ignored, as in the browser (seedFromCode).
    text = "".join(ch for ch in code.upper().translate(_LOOKALIKES)
                   if ch != "-" and not ch.isspace())
    if len(text) != 28 or any(ch not in _ALPHABET for ch in text):
        raise InvalidShareCode("a share code has 28 letters and digits 2–7")
    number = 0
    for ch in text[:26]:
        number = number * 32 + _ALPHABET.index(ch)
    if number & 3:
        raise InvalidShareCode("the code's last letter is impossible")
    seed = (number >> 2).to_bytes(SHARE_SEED_BYTES, "big")
    if _code_checksum(seed) != text[26:]:
        raise InvalidShareCode("the checksum does not match: a letter was mistyped")
    return seed


# ---------------------------------------------------------------------------------------------
# Counting: sums, partial decryptions with proofs of equal discrete logs, reading the counts.

@dataclass(frozen=True)
class PartialDecryption:
    """D_k = x·α_k for each candidate's summed α, with a Chaum–Pedersen proof per candidate
    (one shared challenge) that log_G X = log_{α_k} D_k."""

    member: str
    factors: tuple[bytes, ...]
    commitments: tuple[tuple[bytes, bytes], ...]  # (A_k, B_k) = (w_k·G, w_k·α_k)
    responses: tuple[int, ...]


def sum_ballots(ballots: Sequence[Ballot], candidates: int) -> tuple[Ciphertext, ...]:
    """The homomorphic sum per candidate (an empty board sums to (identity, identity))."""
    return tuple(add_ciphertexts([b.ciphertexts[k] for b in ballots]) for k in range(candidates))


def _decryption_transcript(question: Question, member: str, share: bytes, sums, factors,
                           commitments) -> bytes:
    out = question.prefix("partial-decryption") + _text(member) + _item(share)
    for ct, d in zip(sums, factors, strict=True):
        out += _item(ct.alpha) + _item(d)
    for a, b in commitments:
        out += _item(a) + _item(b)
    return out


def partial_decrypt(question: Question, member: str, secret: int,
                    sums: Sequence[Ciphertext], rng: Rng = system_rng) -> PartialDecryption:
    factors = tuple(_mul(secret, ct.alpha) for ct in sums)
    ws = [rng() for _ in sums]
    commitments = tuple((_base(w), _mul(w, ct.alpha)) for w, ct in zip(ws, sums, strict=True))
    c = hash_to_scalar(_decryption_transcript(question, member, public_share(secret), sums,
                                              factors, commitments))
    return PartialDecryption(member, factors, commitments,
                             tuple((w + c * secret) % L for w in ws))


def verify_partial(question: Question, share: bytes, sums: Sequence[Ciphertext],
                   partial: PartialDecryption) -> None:
    try:
        _verify_partial(question, share, sums, partial)
    except InvalidProof:
        raise
    except (ValueError, TypeError, AttributeError) as error:
        raise InvalidProof("point_encoding", str(error)) from None


def _verify_partial(question, share, sums, partial) -> None:
    n = len(sums)
    if not (len(partial.factors) == len(partial.commitments) == len(partial.responses) == n):
        raise InvalidProof("shape", "not one decryption factor per candidate")
    _check_points("decryption", [*partial.factors,
                                 *[p for pair in partial.commitments for p in pair]])
    _check_scalars(partial.responses)
    c = hash_to_scalar(_decryption_transcript(question, partial.member, share, sums,
                                              partial.factors, partial.commitments))
    for k, (ct, d, (a, b), s) in enumerate(zip(sums, partial.factors, partial.commitments,
                                               partial.responses, strict=True)):
        if _base(s) != _add(a, _mul(c, share)) or _mul(s, ct.alpha) != _add(b, _mul(c, d)):
            raise InvalidProof("decryption_proof",
                               f"member {partial.member}, candidate {k}: logs differ")


def read_counts(sums: Sequence[Ciphertext], partials: Sequence[PartialDecryption],
                max_count: int) -> tuple[int, ...]:
    """count·G = β − Σ D, read off the table 0·G … max_count·G (max_count = ballots cast)."""
    table = {point: j for j, point in enumerate(powers_of_g(max_count))}
    counts = []
    for k, ct in enumerate(sums):
        message = _sub(ct.beta, point_sum([p.factors[k] for p in partials]))
        if message not in table:
            raise InvalidProof("counts", f"candidate {k}: β − ΣD is not j·G for j ≤ {max_count}")
        counts.append(table[message])
    return tuple(counts)


# ---------------------------------------------------------------------------------------------
# JSON forms (hex), shared by the bulletin, the POST body and the vectors.

def _hex_point(value: bytes) -> str:
    return value.hex()


def _hex_scalar(value: int) -> str:
    return value.to_bytes(32, "little").hex()


_HEX32 = re.compile(r"[0-9a-f]{64}")


def _bytes32(text: object) -> bytes:
    # Lower-case hex only, as the browser writes it: one spelling per value.
    if not isinstance(text, str) or not _HEX32.fullmatch(text):
        raise InvalidProof("encoding", "expected 64 lower-case hex digits")
    return bytes.fromhex(text)


def _scalar(text: object) -> int:
    return int.from_bytes(_bytes32(text), "little")  # canonicity is checked by the verifiers


def _parser(function):
    """A JSON reader whose every failure is InvalidProof("encoding"), never a crash."""

    @functools.wraps(function)
    def parse(data, *args, **kwargs):
        try:
            return function(data, *args, **kwargs)
        except InvalidProof:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            raise InvalidProof("encoding", f"{function.__name__}: a missing or malformed "
                                           "field") from None

    return parse


def or_proof_to_json(proof: OrProof) -> dict:
    return {"commitments": [[a.hex(), b.hex()] for a, b in proof.commitments],
            "challenges": [_hex_scalar(c) for c in proof.challenges],
            "responses": [_hex_scalar(s) for s in proof.responses]}


@_parser
def or_proof_from_json(data: dict) -> OrProof:
    return OrProof(tuple((_bytes32(a), _bytes32(b)) for a, b in data["commitments"]),
                   tuple(_scalar(c) for c in data["challenges"]),
                   tuple(_scalar(s) for s in data["responses"]))


def ciphertext_to_json(ct: Ciphertext) -> dict:
    return {"alpha": ct.alpha.hex(), "beta": ct.beta.hex()}


@_parser
def ciphertext_from_json(data: dict) -> Ciphertext:
    return Ciphertext(_bytes32(data["alpha"]), _bytes32(data["beta"]))


def ballot_to_json(ballot: Ballot) -> dict:
    return {"unit": ballot.unit,
            "ciphertexts": [ciphertext_to_json(ct) for ct in ballot.ciphertexts],
            "choice_proofs": [or_proof_to_json(p) for p in ballot.choice_proofs],
            "quota_proof": or_proof_to_json(ballot.quota_proof)}


def ballot_from_json(data: dict, *, unit: str | None = None) -> Ballot:
    """Parses a POSTed or published ballot; raises InvalidProof("encoding") on any bad field.
    On the server pass `unit` (the signed-in voter's unit): it replaces whatever the body
    says, so a ballot copied from another unit fails its challenge."""
    try:
        if unit is None and not isinstance(data.get("unit"), str):
            raise InvalidProof("encoding", "the ballot names no voting unit")
        return Ballot(data["unit"] if unit is None else unit,
                      tuple(ciphertext_from_json(c) for c in data["ciphertexts"]),
                      tuple(or_proof_from_json(p) for p in data["choice_proofs"]),
                      or_proof_from_json(data["quota_proof"]))
    except InvalidProof:
        raise
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InvalidProof("encoding", "the ballot's JSON has a missing or malformed field") \
            from None


def schnorr_to_json(proof: SchnorrProof) -> dict:
    return {"commitment": proof.commitment.hex(), "response": _hex_scalar(proof.response)}


@_parser
def schnorr_from_json(data: dict) -> SchnorrProof:
    return SchnorrProof(_bytes32(data["commitment"]), _scalar(data["response"]))


def partial_to_json(partial: PartialDecryption) -> dict:
    return {"member": partial.member, "factors": [d.hex() for d in partial.factors],
            "commitments": [[a.hex(), b.hex()] for a, b in partial.commitments],
            "responses": [_hex_scalar(s) for s in partial.responses]}


@_parser
def partial_from_json(data: dict) -> PartialDecryption:
    if not isinstance(data["member"], str):
        raise TypeError("the member is not a string")
    return PartialDecryption(data["member"], tuple(_bytes32(d) for d in data["factors"]),
                             tuple((_bytes32(a), _bytes32(b)) for a, b in data["commitments"]),
                             tuple(_scalar(s) for s in data["responses"]))
