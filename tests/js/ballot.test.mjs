// node --test: the browser's ballot code (static/src/ballot/) against the known answers of
// tests/vectors/ballot-v1.json (made by scripts/make_ballot_vectors.py with the server code).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import * as bc from '../../static/src/ballot/crypto.js';
import { earlyCloseMinimum, verifyBoard, verifyQuestion } from '../../static/src/ballot/bulletin.js';

const vectors = JSON.parse(readFileSync(new URL('../vectors/ballot-v1.json', import.meta.url)));
const ka = vectors.known_answers;
const enc = new TextEncoder();
const rng = (label) => bc.deterministicRng(enc.encode(`thidua-vector/${label}`));
const board = Object.fromEntries(ka.board.map((m) => [m.member, m]));
const key = bc.pointFromHex(ka.election_key);
const questionOf = (q) => ({ session: ka.session, question: q.question, round: q.round,
  electionKey: key, candidates: q.candidates, quota: q.quota });

test('RFC 9496 A.1: the multiples of the generator, built by adding G', () => {
  const table = bc.powersOfG(15).map((p) => bc.bytesToHex(p.toBytes()));
  assert.deepEqual(table, vectors.rfc9496.multiples);
});

test('RFC 9496 A.1: scalar multiplication gives the same multiples', () => {
  const got = vectors.rfc9496.multiples.map((_, k) => bc.bytesToHex(bc.base(BigInt(k)).toBytes()));
  assert.deepEqual(got, vectors.rfc9496.multiples);
});

test('RFC 9496 A.2: every invalid encoding is refused on point_encoding', () => {
  for (const hex of vectors.rfc9496.invalid) {
    assert.throws(() => bc.pointFromHex(hex), (e) => e.check === 'point_encoding', hex);
  }
});

test('the deterministic generator and hash-to-scalar match the server', () => {
  const draw = bc.deterministicRng(bc.hexToBytes(ka.rng.seed));
  assert.deepEqual([draw(), draw(), draw()].map(bc.scalarToHex), ka.rng.draws);
  assert.equal(bc.scalarToHex(bc.hashToScalar(bc.hexToBytes(ka.hash_to_scalar.input))),
    ka.hash_to_scalar.scalar);
});

test('shares: seed, code, secret, public share, proof and key match the server', () => {
  for (const m of ka.board) {
    const seed = bc.hexToBytes(m.seed);
    const secret = bc.shareSecret(seed);
    assert.deepEqual([bc.shareCode(seed), bc.scalarToHex(secret),
      bc.bytesToHex(bc.publicShare(secret).toBytes()),
      bc.schnorrToJson(bc.proveShare(ka.session, m.member, secret, rng(m.proof_rng)))],
    [m.code, m.secret, m.public_share, m.proof]);
  }
  const combined = bc.combineKey(ka.board.map((m) => bc.pointFromHex(m.public_share)));
  assert.equal(bc.bytesToHex(combined.toBytes()), ka.election_key);
  assert.equal(bc.keyFingerprint(combined), ka.key_fingerprint);
});

test('a written-down code reads back, and a typo is caught by the checksum', () => {
  const m = ka.board[0];
  assert.equal(bc.bytesToHex(bc.seedFromCode(m.code.toLowerCase().replace(/-/g, ' '))), m.seed);
  const typo = (m.code[0] === 'A' ? 'B' : 'A') + m.code.slice(1);
  assert.throws(() => bc.seedFromCode(typo), bc.InvalidShareCode);
});

test('ballots: the same ciphertexts, proofs, bytes and trackers as the server', () => {
  for (const q of ka.questions) {
    const question = questionOf(q);
    for (const b of q.ballots) {
      const ballot = bc.encryptBallot(question, b.unit, b.choices, rng(b.rng));
      assert.deepEqual(bc.ballotToJson(ballot), b.ballot);
      assert.equal(bc.bytesToHex(bc.ballotToBytes(question, ballot)), b.bytes);
      assert.equal(bc.tracker(question, ballot), b.tracker);
      bc.verifyBallot(question, bc.ballotFromJson(b.ballot));
    }
  }
});

test('counting: the same sums, partial decryptions and counts as the server', () => {
  for (const q of ka.questions) {
    const question = questionOf(q);
    const sums = bc.sumBallots(q.ballots.map((b) => bc.ballotFromJson(b.ballot)), q.candidates.length);
    assert.deepEqual(sums.map(bc.ciphertextToJson), q.sums);
    const partials = q.partial_decryptions.map(({ rng: label, partial }) => {
      const secret = bc.scalarFromHex(board[partial.member].secret);
      const mine = bc.partialDecrypt(question, partial.member, secret, sums, rng(label));
      assert.deepEqual(bc.partialToJson(mine), partial);
      bc.verifyPartial(question, bc.publicShare(secret), sums, mine);
      return mine;
    });
    assert.deepEqual(bc.readCounts(sums, partials, q.ballots.length), q.counts);
  }
});

test("a board member's browser accepts the honest bulletin, question by question", () => {
  const counts = vectors.bulletin.questions.map((_, i) => verifyQuestion(vectors.bulletin, i).counts);
  assert.deepEqual(counts, ka.questions.map((q) => q.counts));
});

for (const negative of vectors.negative.filter((n) => n.server)) {
  test(`negative vector ${negative.name} is refused on ${negative.server.check}`, () => {
    const s = negative.server;
    const b = vectors.bulletin;
    const q = b.questions.find((x) => x.question === s.question);
    const check = (e) => e.check === s.check;
    if (s.kind === 'ballot') {
      const question = bc.questionFromJson({ session: b.session, ...q }, b.election_key);
      const alphas = new Set(s.board_alphas);
      assert.throws(() => {
        const ballot = bc.ballotFromJson(s.ballot);
        bc.verifyBallot(question, ballot);
        if (ballot.ciphertexts.some((ct) => alphas.has(bc.bytesToHex(ct.alpha.toBytes())))) {
          throw new bc.InvalidProof('unique_alpha');
        }
      }, check);
    } else if (s.kind === 'partial') {
      const question = bc.questionFromJson({ session: b.session, ...q }, b.election_key);
      const share = bc.pointFromHex(b.board.find((m) => m.member === s.member).public_share);
      assert.throws(() => bc.verifyPartial(question, share, s.sums.map(bc.ciphertextFromJson),
        bc.partialFromJson(s.partial)), check);
    } else {
      assert.throws(() => bc.verifyShare(b.session, s.member, bc.pointFromHex(s.public_share),
        bc.schnorrFromJson(s.proof)), check);
    }
  });
}

test("a board member's browser refuses a doctored sum before decrypting", () => {
  const doctored = vectors.negative.find((n) => n.name === 'doctored_sum').bulletin;
  assert.throws(() => verifyQuestion(doctored, 0), (e) => e.check === 'sums');
});

test("a voter's browser refuses a share with a bad proof", () => {
  const bad = vectors.negative.find((n) => n.name === 'share_proof_other_session').bulletin;
  assert.throws(() => verifyQuestion(bad, 0), (e) => e.check === 'share_proof');
});

for (const name of ['counted_before_all_voted', 'early_close_below_minimum', 'abstained_and_voted']) {
  test(`a board member's browser refuses to count: ${name}`, () => {
    const bulletin = vectors.negative.find((n) => n.name === name).bulletin;
    assert.throws(() => verifyQuestion(bulletin, 0), (e) => e.check === 'closing');
  });
}

test("a board member's browser refuses an abstention by a unit the question is not about", () => {
  // A dropped ballot passed off as an abstention: the unit is present but not a candidate.
  const bulletin = structuredClone(vectors.bulletin);
  const q = bulletin.questions[0];
  const dropped = q.ballots.findIndex((b) => !q.candidates.includes(b.unit));
  assert.ok(dropped >= 0, 'the vector has a voter that is not a candidate');
  q.abstaining_units = [...q.abstaining_units, q.ballots[dropped].unit].sort();
  q.ballots.splice(dropped, 1);
  assert.throws(() => verifyQuestion(bulletin, 0),
    (e) => e.check === 'closing' && /not candidates/.test(e.message));
});

test('the early-close minimum is ⌈quorum × members⌉ and never below 3', () => {
  assert.deepEqual([earlyCloseMinimum(5, '0.5'), earlyCloseMinimum(30, '0.67'),
    earlyCloseMinimum(30, '0.5'), earlyCloseMinimum(2, '1')], [3, 21, 15, 3]);
});

test("a browser refuses a board that names a member twice (the last entry would replace the first's share in Y)", () => {
  const doubled = structuredClone(vectors.bulletin);
  const extra = bc.shareSecret(enc.encode('the server knows this one'));
  doubled.board.push({ member: doubled.board[0].member,
    public_share: bc.bytesToHex(bc.publicShare(extra).toBytes()),
    proof: bc.schnorrToJson(bc.proveShare(doubled.session, doubled.board[0].member, extra)) });
  const shares = doubled.board.slice(1).map((m) => bc.pointFromHex(m.public_share));
  doubled.election_key = bc.bytesToHex(bc.combineKey(shares).toBytes());
  assert.throws(() => verifyBoard(doubled), (e) => e.check === 'format');
});

test("a board member's browser refuses a ballot from a unit that is not present", () => {
  const absent = structuredClone(vectors.bulletin);
  const q = absent.questions[0];
  q.closed_early = true;
  absent.present_units = absent.present_units.filter((u) => u !== q.ballots[0].unit);
  assert.throws(() => verifyQuestion(absent, 0), (e) => e.check === 'one_ballot_per_unit');
});

test("a board member's browser refuses to count one or two ballots even when every present unit voted", () => {
  const few = structuredClone(vectors.bulletin);
  const q = few.questions[0];
  q.ballots = q.ballots.slice(0, 2);
  q.tally = null;
  few.present_units = q.ballots.map((b) => b.unit).sort();
  assert.throws(() => verifyQuestion(few, 0), (e) => e.check === 'closing');
});

test("a board member's browser refuses to count when the present units fall short of the quorum", () => {
  const thin = structuredClone(vectors.bulletin);
  thin.members = 20;
  thin.questions[0].tally = null;
  assert.throws(() => verifyQuestion(thin, 0), (e) => e.check === 'closing');
});

test('a ballot whose randomness repeats inside it is refused on unique_alpha, as on the server', () => {
  const q = ka.questions[0];
  const draw = rng('repeat');
  const first = draw();
  let calls = 0;
  const repeating = () => (calls++ < 2 ? first : draw());
  const ballot = bc.encryptBallot(questionOf(q), 'U9', [1, 0, 0], repeating);
  assert.throws(() => bc.verifyBallot(questionOf(q), ballot), (e) => e.check === 'unique_alpha');
});

test("a board member's browser refuses an α that repeats one of another question", () => {
  const copied = structuredClone(vectors.bulletin);
  const q2 = copied.questions[1];
  const question = bc.questionFromJson({ session: copied.session, ...q2 }, copied.election_key);
  const ballot = bc.encryptBallot(question, 'U1', [1, 0, 0], rng('ballot/Q1/U1'));
  const index = q2.ballots.findIndex((b) => b.unit === 'U1');
  q2.ballots[index] = { ...bc.ballotToJson(ballot), tracker: bc.tracker(question, ballot) };
  q2.tally = null;
  assert.throws(() => verifyQuestion(copied, 1), (e) => e.check === 'unique_alpha');
});

test("a board member's browser refuses a question the verifier's format check refuses", () => {
  for (const change of [(b) => { b.format = 'thidua-bulletin-v0'; },
    (b) => { b.questions[0].quota = 4; }, (b) => { b.questions[0].round = 0; },
    (b) => { b.questions[0].candidates[1] = b.questions[0].candidates[0]; }]) {
    const bad = structuredClone(vectors.bulletin);
    change(bad);
    assert.throws(() => verifyQuestion(bad, 0), (e) => e.check === 'format');
  }
});
