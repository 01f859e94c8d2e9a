// What a browser checks on the bulletin before trusting it (issue 13, items 3 and 4): every
// share proof, Y computed from the shares, every ballot proof and tracker, one ballot per unit,
// no repeated α, the sums computed here; after the close, every partial decryption and the
// counts. The full verifier (with the result rules) is `python -m voting.verifier`.
import * as bc from './crypto.js';

/** The board's shares checked and Y computed from them: what a voter's page encrypts to. */
export function verifyBoard(bulletin) {
  const shares = new Map();
  for (const m of bulletin.board) {
    // A member named twice would let a later entry (a share the server made) replace the
    // member's own in Y while the member still finds theirs on the list.
    if (typeof m.member !== 'string' || shares.has(m.member)) {
      throw new bc.InvalidProof('format', `board member ${m.member} named twice`);
    }
    const share = bc.pointFromHex(m.public_share, 'public share');
    bc.verifyShare(bulletin.session, m.member, share, bc.schnorrFromJson(m.proof));
    shares.set(m.member, share);
  }
  const key = bc.combineKey([...shares.values()]);
  if (bc.bytesToHex(key.toBytes()) !== bulletin.election_key) {
    throw new bc.InvalidProof('election_key', 'the election key is not the sum of the shares');
  }
  return { key, shares, fingerprint: bc.keyFingerprint(key) };
}

// Never count one or two ballots, however the voting ended (voting/bulletin.py MIN_BALLOTS).
export const MIN_BALLOTS = 3;

/** Ballots needed before the head may end the voting early: ⌈quorum × members⌉, never 1 or 2
 * (the same rule as voting/bulletin.py early_close_minimum). Quorum is a decimal string. */
export function earlyCloseMinimum(members, quorum) {
  const [whole, fraction = ''] = quorum.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const product = BigInt(whole + fraction) * BigInt(members);
  return Math.max(MIN_BALLOTS, Number((product + scale - 1n) / scale));
}

/** Why the question may not be counted yet, or null (voting/bulletin.py closing_refusal). */
export function closingRefusal(bulletin, data) {
  const voted = new Set(data.ballots.map((b) => b.unit));
  const abstaining = new Set(data.abstaining_units);
  if ([...voted].some((u) => abstaining.has(u))) return 'a unit both voted and declared it abstains';
  const present = new Set(bulletin.present_units);
  // As the verifier: only a present unit the question is about may abstain on it, else a
  // server could pass a dropped ballot off as an abstention and count before all voted.
  const outsiders = [...abstaining].filter((u) => !data.candidates.includes(u));
  if (outsiders.length) return `units abstaining that are not candidates: ${outsiders.join(', ')}`;
  const absent = [...abstaining].filter((u) => !present.has(u));
  if (absent.length) return `units abstaining that are not present: ${absent.join(', ')}`;
  const [whole, fraction = ''] = bulletin.quorum.split('.');
  const needed = BigInt(whole + fraction) * BigInt(bulletin.members); // quorum × members × scale
  if (!bulletin.members || BigInt(present.size) * 10n ** BigInt(fraction.length) < needed) {
    return `${present.size} of ${bulletin.members} member units present: the quorum is not reached`;
  }
  if (data.closed_early) {
    const minimum = earlyCloseMinimum(bulletin.members, bulletin.quorum);
    return voted.size < minimum ? `ended early with ${voted.size} ballots, fewer than ${minimum}` : null;
  }
  const covered = new Set([...voted, ...abstaining]);
  const same = covered.size === present.size && [...present].every((u) => covered.has(u));
  if (!same) return 'not every present unit has voted or declared it abstains';
  return voted.size < MIN_BALLOTS
    ? `only ${voted.size} ballots: a count over fewer than ${MIN_BALLOTS} shows each choice` : null;
}

/** Checks question `index`; returns {key, fingerprint, question, sums, counts (or null)}.
 * A board member's page calls it before decrypting (and decrypts the returned sums); the
 * closing rule is checked here too, so a browser refuses to decrypt too early. */
const FORMAT = 'thidua-bulletin-v1';

/** The verifier's format rules for one question (voting/verifier.py check_format). */
function checkFormat(bulletin, data) {
  const n = Array.isArray(data.candidates) ? data.candidates.length : -1;
  if (bulletin.format !== FORMAT || !Number.isInteger(data.round) || data.round < 1
      || !Number.isInteger(data.quota) || data.quota < 0 || data.quota > n
      || new Set(data.candidates).size !== n) {
    throw new bc.InvalidProof('format', `question ${data.question}: bad format, round, quota or candidates`);
  }
}

export function verifyQuestion(bulletin, index) {
  const data = bulletin.questions[index];
  checkFormat(bulletin, data);
  const { key, shares, fingerprint } = verifyBoard(bulletin);
  const question = { session: bulletin.session, question: data.question, round: data.round,
    electionKey: key, candidates: data.candidates, quota: data.quota };
  const units = new Set();
  const present = new Set(bulletin.present_units);
  // α of every other question too, as the verifier: a repeat across questions is repeated
  // randomness in a voter's browser (the server can check this on casting as well).
  const alphas = new Set(bulletin.questions.flatMap((other, i) => (i === index ? []
    : other.ballots.flatMap((b) => b.ciphertexts.map((ct) => ct.alpha)))));
  const ballots = data.ballots.map((entry) => {
    const ballot = bc.ballotFromJson(entry);
    bc.verifyBallot(question, ballot);
    if (bc.tracker(question, ballot) !== entry.tracker) {
      throw new bc.InvalidProof('trackers', `unit ${ballot.unit}: the tracker does not match`);
    }
    if (units.has(ballot.unit)) throw new bc.InvalidProof('one_ballot_per_unit', ballot.unit);
    // As the verifier: a ballot of a unit not present (one the server cast itself) would
    // count towards an early close and shrink the crowd the real ballots hide in.
    if (!present.has(ballot.unit)) {
      throw new bc.InvalidProof('one_ballot_per_unit', `unit ${ballot.unit} is not present`);
    }
    units.add(ballot.unit);
    for (const ct of ballot.ciphertexts) {
      const hex = bc.bytesToHex(ct.alpha.toBytes());
      if (alphas.has(hex)) throw new bc.InvalidProof('unique_alpha', ballot.unit);
      alphas.add(hex);
    }
    return ballot;
  });
  const sums = bc.sumBallots(ballots, question.candidates.length);
  const refusal = closingRefusal(bulletin, data);
  if (refusal) throw new bc.InvalidProof('closing', refusal);
  let counts = null;
  if (data.tally) {
    const published = data.tally.sums;
    if (JSON.stringify(sums.map(bc.ciphertextToJson)) !== JSON.stringify(published)) {
      throw new bc.InvalidProof('sums', 'the sums are not the sums of the ballots');
    }
    const partials = data.tally.partial_decryptions.map(bc.partialFromJson);
    const members = partials.map((p) => p.member).sort();
    if (JSON.stringify(members) !== JSON.stringify([...shares.keys()].sort())) {
      throw new bc.InvalidProof('partial_decryptions', 'not one per board member');
    }
    for (const p of partials) bc.verifyPartial(question, shares.get(p.member), sums, p);
    counts = bc.readCounts(sums, partials, ballots.length);
    if (JSON.stringify(counts) !== JSON.stringify(data.tally.counts)) {
      throw new bc.InvalidProof('counts', 'the published counts are not the decrypted ones');
    }
  }
  return { key, fingerprint, question, sums, counts };
}
