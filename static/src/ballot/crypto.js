// The ballot's cryptography in the browser (issue 13): the twin of voting/ballot_crypto.py,
// byte for byte (tests/vectors/ballot-v1.json is checked by both). docs/ballot.md has the
// scheme and every byte hashed. No DOM here: the page scripts call these functions.
//
// Traps designed around: noble's Point.multiply(0n) throws, so `mul` returns ZERO itself for
// a scalar 0 mod L (and for the identity point: the group has prime order); a 0 vote is
// β = r·Y; the table of j·G is built by adding G; every scalar received is checked < L.
import { ristretto255 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

const Point = ristretto255.Point;
export const VERSION_TAG = 'thidua-ballot-v1';
export const L = 2n ** 252n + 27742317777372353535851937790883648493n;
export const G = Point.BASE;
export const ZERO = Point.ZERO;

export class InvalidProof extends Error {
  constructor(check, detail = '') {
    super(detail ? `${check}: ${detail}` : check);
    this.name = 'InvalidProof';
    this.check = check;
    this.detail = detail;
  }
}

// ---------------------------------------------------------------------------------------------
// Scalars (32 bytes little-endian) and points.

const mod = (n) => ((n % L) + L) % L;

export function scalarToBytes(s) {
  const out = new Uint8Array(32);
  let n = s;
  for (let i = 0; i < 32; i++) { out[i] = Number(n & 0xffn); n >>= 8n; }
  return out;
}

export function bytesToNumberLE(bytes) {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

export const scalarToHex = (s) => bytesToHex(scalarToBytes(s));

export function mul(s, point) {
  const k = mod(s);
  if (k === 0n || point.is0()) return ZERO;
  return point.multiply(k);
}
export const base = (s) => mul(s, G);

export function pointSum(points) {
  return points.reduce((total, p) => total.add(p), ZERO);
}

export function powersOfG(count) {
  const table = [ZERO];
  for (let j = 0; j < count; j++) table.push(table[table.length - 1].add(G));
  return table;
}

export function pointFromHex(hex, what = 'point') {
  if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex)) {
    throw new InvalidProof('encoding', `${what}: expected 64 hex digits`);
  }
  try {
    return Point.fromBytes(hexToBytes(hex));
  } catch {
    throw new InvalidProof('point_encoding', what);
  }
}

export function scalarFromHex(hex) {
  if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex)) {
    throw new InvalidProof('encoding', 'scalar: expected 64 hex digits');
  }
  return bytesToNumberLE(hexToBytes(hex)); // canonicity is checked by the verifiers
}

function checkScalars(scalars) {
  for (const s of scalars) {
    if (typeof s !== 'bigint' || s < 0n || s >= L) {
      throw new InvalidProof('scalar_canonical', 'a scalar is not below the group order');
    }
  }
}

export function systemRng() {
  for (;;) {
    const s = bytesToNumberLE(randomBytes(64)) % L;
    if (s !== 0n) return s;
  }
}

/** Known-answer vectors only: scalar i = SHA-512(seed ‖ i as 4 bytes BE) mod L, skipping 0. */
export function deterministicRng(seed) {
  let counter = 0;
  return () => {
    for (;;) {
      const c = new Uint8Array(4);
      new DataView(c.buffer).setUint32(0, counter++);
      const s = bytesToNumberLE(sha512(concatBytes(seed, c))) % L;
      if (s !== 0n) return s;
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Fiat–Shamir transcripts: length-prefixed bytes.

function item(bytes) {
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, bytes.length);
  return concatBytes(len, bytes);
}
const text = (s) => item(utf8ToBytes(s));
function number(n) {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n));
  return item(b);
}
const pt = (p) => item(p.toBytes());

class Transcript {
  constructor() { this.parts = []; }
  push(...parts) { this.parts.push(...parts); return this; }
  bytes() { return concatBytes(...this.parts); }
}

export function hashToScalar(bytes) {
  return bytesToNumberLE(sha512(bytes)) % L;
}

/** question: {session, question, round, electionKey (Point), candidates: [str], quota} */
function questionPrefix(q, kind) {
  const t = new Transcript().push(item(utf8ToBytes(VERSION_TAG)), text(kind), text(q.session),
    text(q.question), number(q.round), pt(q.electionKey), number(q.candidates.length));
  for (const c of q.candidates) t.push(text(c));
  return t.push(number(q.quota));
}

// ---------------------------------------------------------------------------------------------
// Ballots.

export function encrypt(key, vote, r) {
  const shared = mul(r, key);
  return { alpha: base(r), beta: vote ? shared.add(G) : shared };
}

export function addCiphertexts(cts) {
  return { alpha: pointSum(cts.map((c) => c.alpha)), beta: pointSum(cts.map((c) => c.beta)) };
}

function orCommit(key, ct, value, r, branches, rng) {
  const w = rng();
  const table = powersOfG(branches - 1);
  const simulated = new Map();
  const commitments = [];
  for (let j = 0; j < branches; j++) {
    if (j === value) { commitments.push([base(w), mul(w, key)]); continue; }
    const c = rng(); const s = rng();
    simulated.set(j, [c, s]);
    const shifted = ct.beta.subtract(table[j]);
    commitments.push([base(s).subtract(mul(c, ct.alpha)), mul(s, key).subtract(mul(c, shifted))]);
  }
  return {
    commitments,
    finish(challenge) {
      let own = challenge;
      for (const [c] of simulated.values()) own -= c;
      own = mod(own);
      const challenges = []; const responses = [];
      for (let j = 0; j < branches; j++) {
        const sim = simulated.get(j);
        challenges.push(sim ? sim[0] : own);
        responses.push(sim ? sim[1] : mod(w + own * r));
      }
      return { commitments, challenges, responses };
    },
  };
}

function ballotTranscript(q, unit, cts, commitments) {
  const t = questionPrefix(q, 'ballot').push(text(unit));
  for (const ct of cts) t.push(pt(ct.alpha), pt(ct.beta));
  for (const [a, b] of commitments) t.push(pt(a), pt(b));
  return t;
}

const allCommitments = (proofs) => proofs.flatMap((p) => p.commitments);

/** choices: a 0 or 1 per candidate, at most quota ones. Returns a ballot of points/bigints. */
export function encryptBallot(q, unit, choices, rng = systemRng) {
  if (choices.length !== q.candidates.length || choices.some((v) => v !== 0 && v !== 1)) {
    throw new Error('one 0 or 1 per candidate');
  }
  const total = choices.reduce((a, b) => a + b, 0);
  if (total > q.quota) throw new Error('more choices than the quota');
  const key = q.electionKey;
  const rs = choices.map(() => rng());
  const cts = choices.map((v, k) => encrypt(key, v, rs[k]));
  const provers = cts.map((ct, k) => orCommit(key, ct, choices[k], rs[k], 2, rng));
  provers.push(orCommit(key, addCiphertexts(cts), total, mod(rs.reduce((a, b) => a + b, 0n)),
    q.quota + 1, rng));
  const challenge = hashToScalar(
    ballotTranscript(q, unit, cts, provers.flatMap((p) => p.commitments)).bytes());
  const proofs = provers.map((p) => p.finish(challenge));
  return { unit, ciphertexts: cts, choiceProofs: proofs.slice(0, -1), quotaProof: proofs.at(-1) };
}

function checkOrBranches(key, ct, proof, check) {
  const table = powersOfG(proof.commitments.length - 1);
  proof.commitments.forEach(([a, b], j) => {
    const c = proof.challenges[j]; const s = proof.responses[j];
    if (!base(s).equals(a.add(mul(c, ct.alpha)))) {
      throw new InvalidProof(check, `branch ${j}: s·G ≠ A + c·α`);
    }
    if (!mul(s, key).equals(b.add(mul(c, ct.beta.subtract(table[j]))))) {
      throw new InvalidProof(check, `branch ${j}: s·Y ≠ B + c·(β − j·G)`);
    }
  });
}

/** Throws InvalidProof naming the first check that fails. `ballot` as from ballotFromJson. */
export function verifyBallot(q, ballot) {
  const n = q.candidates.length;
  const proofs = [...ballot.choiceProofs, ballot.quotaProof];
  const widths = [...ballot.choiceProofs.map(() => 2), q.quota + 1];
  if (ballot.ciphertexts.length !== n || ballot.choiceProofs.length !== n
      || proofs.some((p, i) => p.commitments.length !== widths[i]
        || p.challenges.length !== widths[i] || p.responses.length !== widths[i])) {
    throw new InvalidProof('shape', 'not one ciphertext and one proof per candidate');
  }
  if (ballot.ciphertexts.some((ct) => ct.alpha.is0())) {
    throw new InvalidProof('alpha_identity', 'α is the identity: the vote would be in the clear');
  }
  checkScalars(proofs.flatMap((p) => [...p.challenges, ...p.responses]));
  const challenge = hashToScalar(
    ballotTranscript(q, ballot.unit, ballot.ciphertexts, allCommitments(proofs)).bytes());
  for (const p of proofs) {
    if (mod(p.challenges.reduce((a, b) => a + b, 0n)) !== challenge) {
      throw new InvalidProof('challenge', 'the challenges do not add up to the transcript hash');
    }
  }
  ballot.ciphertexts.forEach((ct, k) => checkOrBranches(q.electionKey, ct, ballot.choiceProofs[k],
    'vote_proof'));
  checkOrBranches(q.electionKey, addCiphertexts(ballot.ciphertexts), ballot.quotaProof,
    'quota_proof');
  // As verify_ballot: an α repeated inside the ballot means repeated randomness, which
  // would show how the two candidates' votes compare.
  const alphas = new Set(ballot.ciphertexts.map((ct) => bytesToHex(ct.alpha.toBytes())));
  if (alphas.size !== ballot.ciphertexts.length) {
    throw new InvalidProof('unique_alpha', 'an α repeats within the ballot');
  }
}

export function ballotToBytes(q, ballot) {
  const proofs = [...ballot.choiceProofs, ballot.quotaProof];
  const t = ballotTranscript(q, ballot.unit, ballot.ciphertexts, allCommitments(proofs));
  for (const p of proofs) {
    p.challenges.forEach((c, j) => t.push(item(scalarToBytes(c)), item(scalarToBytes(p.responses[j]))));
  }
  return t.bytes();
}

export const tracker = (q, ballot) => bytesToHex(sha256(ballotToBytes(q, ballot)));

// ---------------------------------------------------------------------------------------------
// The counting board.

export const SHARE_SEED_BYTES = 16;

export function shareSecret(seed) {
  const t = new Transcript().push(item(utf8ToBytes(VERSION_TAG)), text('share'), item(seed));
  return hashToScalar(t.bytes());
}

export const newShareSeed = () => randomBytes(SHARE_SEED_BYTES);
export const publicShare = (secret) => base(secret);

function shareTranscript(session, member, share, commitment) {
  return new Transcript().push(item(utf8ToBytes(VERSION_TAG)), text('share-proof'), text(session),
    text(member), pt(share), pt(commitment)).bytes();
}

export function proveShare(session, member, secret, rng = systemRng) {
  const w = rng();
  const commitment = base(w);
  const c = hashToScalar(shareTranscript(session, member, publicShare(secret), commitment));
  return { commitment, response: mod(w + c * secret) };
}

export function verifyShare(session, member, share, proof) {
  if (share.is0()) throw new InvalidProof('share_proof', 'the public share is the identity');
  checkScalars([proof.response]);
  const c = hashToScalar(shareTranscript(session, member, share, proof.commitment));
  if (!base(proof.response).equals(proof.commitment.add(mul(c, share)))) {
    throw new InvalidProof('share_proof', `member ${member}: s·G ≠ A + c·X`);
  }
}

export function combineKey(shares) {
  const key = pointSum(shares);
  if (shares.length === 0 || key.is0()) {
    throw new InvalidProof('election_key', 'no shares, or shares that cancel out');
  }
  return key;
}

export function keyFingerprint(key) {
  const t = new Transcript().push(item(utf8ToBytes(VERSION_TAG)), text('key'), pt(key));
  const hex = bytesToHex(sha256(t.bytes())).slice(0, 16).toUpperCase();
  return hex.match(/.{4}/g).join(' ');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function codeChecksum(seed) {
  const d = sha256(concatBytes(utf8ToBytes('thidua-share-code-v1'), seed));
  const bits = ((d[0] << 8) | d[1]) >> 6;
  return ALPHABET[bits >> 5] + ALPHABET[bits & 31];
}

/** The 16-byte seed as 28 characters to write down (26 of base32, 2 of checksum). */
export function shareCode(seed) {
  if (seed.length !== SHARE_SEED_BYTES) throw new Error('a share seed is 16 bytes');
  let n = 0n;
  for (const byte of seed) n = (n << 8n) | BigInt(byte);
  n <<= 2n;
  let body = '';
  for (let i = 0; i < 26; i++) body += ALPHABET[Number((n >> BigInt(5 * (25 - i))) & 31n)];
  return (body + codeChecksum(seed)).match(/.{1,4}/g).join('-');
}

export class InvalidShareCode extends Error {}

export function seedFromCode(code) {
  const t = code.toUpperCase().replace(/0/g, 'O').replace(/1/g, 'I').replace(/8/g, 'B')
    .replace(/[\s-]/g, '');
  if (t.length !== 28 || [...t].some((ch) => !ALPHABET.includes(ch))) {
    throw new InvalidShareCode('a share code has 28 letters and digits 2–7');
  }
  let n = 0n;
  for (const ch of t.slice(0, 26)) n = n * 32n + BigInt(ALPHABET.indexOf(ch));
  if (n & 3n) throw new InvalidShareCode("the code's last letter is impossible");
  n >>= 2n;
  const seed = new Uint8Array(SHARE_SEED_BYTES);
  for (let i = SHARE_SEED_BYTES - 1; i >= 0; i--) { seed[i] = Number(n & 0xffn); n >>= 8n; }
  if (codeChecksum(seed) !== t.slice(26)) {
    throw new InvalidShareCode('the checksum does not match: a letter was mistyped');
  }
  return seed;
}

// ---------------------------------------------------------------------------------------------
// Counting.

export function sumBallots(ballots, candidates) {
  return Array.from({ length: candidates }, (_, k) => addCiphertexts(ballots.map((b) => b.ciphertexts[k])));
}

function decryptionTranscript(q, member, share, sums, factors, commitments) {
  const t = questionPrefix(q, 'partial-decryption').push(text(member), pt(share));
  sums.forEach((ct, k) => t.push(pt(ct.alpha), pt(factors[k])));
  for (const [a, b] of commitments) t.push(pt(a), pt(b));
  return t.bytes();
}

export function partialDecrypt(q, member, secret, sums, rng = systemRng) {
  const factors = sums.map((ct) => mul(secret, ct.alpha));
  const ws = sums.map(() => rng());
  const commitments = sums.map((ct, k) => [base(ws[k]), mul(ws[k], ct.alpha)]);
  const c = hashToScalar(decryptionTranscript(q, member, publicShare(secret), sums, factors,
    commitments));
  return { member, factors, commitments, responses: ws.map((w) => mod(w + c * secret)) };
}

export function verifyPartial(q, share, sums, partial) {
  const n = sums.length;
  if (partial.factors.length !== n || partial.commitments.length !== n
      || partial.responses.length !== n) {
    throw new InvalidProof('shape', 'not one decryption factor per candidate');
  }
  checkScalars(partial.responses);
  const c = hashToScalar(decryptionTranscript(q, partial.member, share, sums, partial.factors,
    partial.commitments));
  sums.forEach((ct, k) => {
    const [a, b] = partial.commitments[k]; const s = partial.responses[k];
    if (!base(s).equals(a.add(mul(c, share)))
        || !mul(s, ct.alpha).equals(b.add(mul(c, partial.factors[k])))) {
      throw new InvalidProof('decryption_proof', `member ${partial.member}, candidate ${k}: logs differ`);
    }
  });
}

export function readCounts(sums, partials, maxCount) {
  const table = new Map(powersOfG(maxCount).map((p, j) => [bytesToHex(p.toBytes()), j]));
  return sums.map((ct, k) => {
    const m = ct.beta.subtract(pointSum(partials.map((p) => p.factors[k])));
    const j = table.get(bytesToHex(m.toBytes()));
    if (j === undefined) {
      throw new InvalidProof('counts', `candidate ${k}: β − ΣD is not j·G for j ≤ ${maxCount}`);
    }
    return j;
  });
}

// ---------------------------------------------------------------------------------------------
// JSON forms, the same as the server's (hex; scalars 32 bytes little-endian).

const hexPoint = (p) => bytesToHex(p.toBytes());

export function questionFromJson(data, electionKeyHex) {
  return { session: data.session, question: data.question, round: data.round,
    electionKey: pointFromHex(electionKeyHex, 'election key'), candidates: data.candidates,
    quota: data.quota };
}

export const orProofToJson = (p) => ({
  commitments: p.commitments.map(([a, b]) => [hexPoint(a), hexPoint(b)]),
  challenges: p.challenges.map(scalarToHex), responses: p.responses.map(scalarToHex) });

export const orProofFromJson = (d) => ({
  commitments: d.commitments.map(([a, b]) => [pointFromHex(a, 'commitment'), pointFromHex(b, 'commitment')]),
  challenges: d.challenges.map(scalarFromHex), responses: d.responses.map(scalarFromHex) });

export const ciphertextToJson = (ct) => ({ alpha: hexPoint(ct.alpha), beta: hexPoint(ct.beta) });
export const ciphertextFromJson = (d) => ({ alpha: pointFromHex(d.alpha, 'α'), beta: pointFromHex(d.beta, 'β') });

export const ballotToJson = (b) => ({ unit: b.unit, ciphertexts: b.ciphertexts.map(ciphertextToJson),
  choice_proofs: b.choiceProofs.map(orProofToJson), quota_proof: orProofToJson(b.quotaProof) });

export function ballotFromJson(d) {
  if (typeof d?.unit !== 'string') throw new InvalidProof('encoding', 'the ballot names no voting unit');
  try {
    return { unit: d.unit, ciphertexts: d.ciphertexts.map(ciphertextFromJson),
      choiceProofs: d.choice_proofs.map(orProofFromJson), quotaProof: orProofFromJson(d.quota_proof) };
  } catch (error) {
    if (error instanceof InvalidProof) throw error;
    throw new InvalidProof('encoding', "the ballot's JSON has a missing or malformed field");
  }
}

export const schnorrToJson = (p) => ({ commitment: hexPoint(p.commitment), response: scalarToHex(p.response) });
export const schnorrFromJson = (d) => ({ commitment: pointFromHex(d.commitment, 'commitment'),
  response: scalarFromHex(d.response) });

export const partialToJson = (p) => ({ member: p.member, factors: p.factors.map(hexPoint),
  commitments: p.commitments.map(([a, b]) => [hexPoint(a), hexPoint(b)]),
  responses: p.responses.map(scalarToHex) });
export const partialFromJson = (d) => ({ member: d.member,
  factors: d.factors.map((h) => pointFromHex(h, 'decryption factor')),
  commitments: d.commitments.map(([a, b]) => [pointFromHex(a, 'commitment'), pointFromHex(b, 'commitment')]),
  responses: d.responses.map(scalarFromHex) });

export { bytesToHex, hexToBytes };
