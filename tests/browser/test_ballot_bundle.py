"""The bundled ballot code (static/vendor/ballot/ballot.min.js, built by `make assets`) in
Chromium: it reproduces the server's known answers and prints its encryption time."""

import json
from pathlib import Path

import pytest
from django.conf import settings

BUNDLE = Path(settings.BASE_DIR) / "static" / "vendor" / "ballot" / "ballot.min.js"
VECTORS = json.loads((Path(settings.BASE_DIR) / "tests" / "vectors" / "ballot-v1.json")
                     .read_text("utf-8"))

REPLAY = """([ka, q, b]) => {
  const B = window.ThiduaBallot;
  const question = {session: ka.session, question: q.question, round: q.round,
    electionKey: B.pointFromHex(ka.election_key), candidates: q.candidates, quota: q.quota};
  const rng = B.deterministicRng(new TextEncoder().encode('thidua-vector/' + b.rng));
  return B.tracker(question, B.encryptBallot(question, b.unit, b.choices, rng));
}"""

TIMED = """() => {
  const B = window.ThiduaBallot;
  const shares = [0, 1, 2].map(() => B.publicShare(B.shareSecret(B.newShareSeed())));
  const question = {session: 'bench', question: 'Q', round: 1, electionKey: B.combineKey(shares),
    candidates: Array.from({length: 10}, (_, k) => 'C' + k), quota: 3};
  const choices = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0];
  const start = performance.now();
  const ballot = B.encryptBallot(question, 'U1', choices);
  const seconds = (performance.now() - start) / 1000;
  B.verifyBallot(question, B.ballotFromJson(B.ballotToJson(ballot)));
  return seconds;
}"""


@pytest.fixture
def bundle_page(browser):
    if not BUNDLE.exists():
        pytest.fail(f"{BUNDLE} is missing: run `make assets`")
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!doctype html><title>ballot</title>")
    page.add_script_tag(path=str(BUNDLE))
    yield page
    context.close()


def test_bundle_in_chromium_reproduces_the_server_s_trackers(bundle_page):
    ka = VECTORS["known_answers"]
    q = ka["questions"][0]
    trackers = [bundle_page.evaluate(REPLAY, [ka, q, b]) for b in q["ballots"]]
    assert trackers == [b["tracker"] for b in q["ballots"]]


def test_bundle_encrypts_a_10_candidate_ballot_and_prints_the_time(bundle_page):
    seconds = bundle_page.evaluate(TIMED)
    print(f"\nballot_encrypt_10_candidates_chromium_time: {seconds * 1000:.0f} ms")
    assert seconds < 5
