"""`python -m voting.verifier` on the vectors' bulletins: the honest one holds, every negative
one fails on its named check, and each check is needed (disabling it lets a vector through)."""

import copy
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from voting import bulletin as bb
from voting import verifier

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "tests" / "vectors" / "ballot-v1.json").read_text("utf-8"))
NEGATIVES = VECTORS["negative"]


def run_cli(path):
    return subprocess.run([sys.executable, "-m", "voting.verifier", str(path)], cwd=ROOT,
                          capture_output=True, text=True)


def failed_check(bulletin):
    try:
        verifier.verify_bulletin(bulletin)
    except verifier.CheckFailed as failure:
        return failure.check
    return None


def test_the_honest_bulletin_passes_every_check():
    assert verifier.verify_bulletin(VECTORS["bulletin"]) == list(verifier.CHECKS)


def test_bulletin_bytes_are_deterministic_and_hash_as_published():
    again = json.loads(json.dumps(VECTORS["bulletin"]))
    assert bb.bulletin_to_bytes(again) == bb.bulletin_to_bytes(VECTORS["bulletin"])
    assert bb.bulletin_sha256(again) == VECTORS["bulletin_sha256"]


def test_cli_exits_0_on_the_honest_bulletin(tmp_path):
    path = tmp_path / "bulletin.json"
    path.write_bytes(bb.bulletin_to_bytes(VECTORS["bulletin"]))
    result = run_cli(path)
    assert result.returncode == 0, result.stdout
    assert f"bulletin sha256: {VECTORS['bulletin_sha256']}" in result.stdout


def test_cli_fails_naming_the_check_after_one_byte_changes(tmp_path):
    content = bytearray(bb.bulletin_to_bytes(VECTORS["bulletin"]))
    beta = VECTORS["bulletin"]["questions"][0]["ballots"][0]["ciphertexts"][0]["beta"]
    at = content.index(beta.encode()) + 10
    content[at] = ord("0") if content[at] != ord("0") else ord("1")
    path = tmp_path / "bulletin.json"
    path.write_bytes(bytes(content))
    result = run_cli(path)
    assert result.returncode == 1
    assert result.stdout.startswith("FAILED ")


def test_cli_on_an_unreadable_file_fails_on_format(tmp_path):
    path = tmp_path / "bulletin.json"
    path.write_text("{not json")
    result = run_cli(path)
    assert (result.returncode, result.stdout.split(":")[0]) == (2, "FAILED format")


@pytest.mark.parametrize("negative", NEGATIVES, ids=lambda n: n["name"])
def test_negative_bulletin_fails_on_its_named_check(negative):
    assert failed_check(negative["bulletin"]) == negative["verifier_check"]


@pytest.mark.parametrize("check", verifier.CHECKS)
def test_disabling_any_check_lets_a_negative_vector_through(monkeypatch, check):
    monkeypatch.setattr(verifier, f"check_{check}", lambda bulletin: None)
    passing = [n["name"] for n in NEGATIVES if failed_check(n["bulletin"]) is None]
    assert passing, f"no vector needs the {check} check"


def test_the_issue_s_negatives_are_all_present():
    names = {n["name"] for n in NEGATIVES}
    assert {"simulated_enc2", "unit_swapped", "rerandomised_copy", "other_question",
            "two_ones_quota_1", "scalar_plus_l", "alpha_identity", "partial_plus_g",
            "count_off_by_one", "dropped_ballot", "counted_before_all_voted",
            "early_close_below_minimum"} <= names


def test_a_question_still_open_has_no_tally_and_verifies():
    open_vote = copy.deepcopy(VECTORS["bulletin"])
    for question in open_vote["questions"]:
        question["tally"] = None
    assert failed_check(open_vote) is None


def test_a_missing_field_is_a_format_failure_not_a_crash():
    broken = copy.deepcopy(VECTORS["bulletin"])
    del broken["questions"][0]["ballots"][0]["quota_proof"]
    assert failed_check(broken) == "format"


@pytest.mark.parametrize(("members", "quorum", "minimum"), [
    (5, "0.5", 3), (30, "0.67", 21), (30, "0.5", 15), (2, "1", 3)])
def test_early_close_minimum_is_the_quorum_share_and_never_below_three(members, quorum, minimum):
    assert bb.early_close_minimum(members, Decimal(quorum)) == minimum


def test_a_question_may_be_counted_once_every_present_unit_voted_or_abstains():
    refusal = bb.closing_refusal(units_voted=["U1", "U2", "U4"], abstaining_units=["U3"],
                                 present_units=["U1", "U2", "U3", "U4"], closed_early=False,
                                 members=5, quorum=Decimal("0.5"))
    assert refusal is None


def _mangled(change):
    bulletin = copy.deepcopy(VECTORS["bulletin"])
    change(bulletin)
    return bulletin


@pytest.mark.parametrize("change", [
    lambda b: b["questions"][0]["tally"]["partial_decryptions"][0].update(member=1),
    lambda b: b["questions"][0]["tally"]["partial_decryptions"][0].update(member=["M1"]),
    lambda b: b["questions"][0].update(threshold="NaN"),
    lambda b: b.update(quorum="sNaN"),
    lambda b: b.update(quorum="Infinity"),
    lambda b: b.update(quorum="-1"),
    lambda b: b["questions"][0].update(threshold="2"),
], ids=["member-number", "member-list", "threshold-nan", "quorum-snan", "quorum-infinite",
        "quorum-negative", "threshold-above-one"])
def test_a_malformed_value_is_a_format_failure_not_a_crash(change):
    assert failed_check(_mangled(change)) == "format"


def test_cli_names_the_check_even_when_a_unit_is_not_valid_utf8(tmp_path):
    bulletin = _mangled(lambda b: b["questions"][0]["ballots"][0].update(unit="\ud800"))
    path = tmp_path / "bulletin.json"
    path.write_text(json.dumps(bulletin), "utf-8")  # ASCII-escaped: a lone surrogate \ud800
    result = run_cli(path)
    assert (result.returncode, result.stdout.split(":")[0]) == (1, "FAILED trackers")


@pytest.mark.parametrize("content", [b"[" * 100_000, json.dumps(
    {**VECTORS["bulletin"], "comment": "\ud800"}).encode()], ids=["deep", "surrogate-extra"])
def test_cli_never_crashes_on_a_strange_file(tmp_path, content):
    path = tmp_path / "bulletin.json"
    path.write_bytes(content)
    assert "Traceback" not in run_cli(path).stderr


@pytest.mark.parametrize("abstaining", [["U2", "U3"], ["U3"]], ids=["one-ballot", "two-ballots"])
def test_a_count_over_one_or_two_ballots_is_refused_even_when_all_present_voted(abstaining):
    voted = [u for u in ["U1", "U2", "U3"] if u not in abstaining]
    refusal = bb.closing_refusal(units_voted=voted, abstaining_units=abstaining,
                                 present_units=["U1", "U2", "U3"], closed_early=False,
                                 members=5, quorum=Decimal("0.5"))
    assert refusal is not None


def test_a_count_is_refused_when_too_few_units_are_present_for_the_quorum():
    # The server could list only the units it wants counted as present: the presence quorum
    # (voting/selectors.quorum_reached) is part of the closing rule.
    refusal = bb.closing_refusal(units_voted=["U1", "U2", "U3"], abstaining_units=[],
                                 present_units=["U1", "U2", "U3"], closed_early=False,
                                 members=10, quorum=Decimal("0.5"))
    assert refusal is not None
