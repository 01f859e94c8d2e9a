"""The encrypted ballot end to end in Chromium (issue 13): two board members draw and
publish their shares in their browsers, three representatives choose, confirm and encrypt in
theirs, the head closes, the board members verify the bulletin and decrypt in their browsers,
the results appear and each voter finds their tracker. Every request body, session row and
audit row written during the vote is searched for a candidate: none is found. A board
member's browser refuses a doctored sum; a voter's browser refuses a share with a bad proof."""

import json
import re
from urllib.parse import parse_qsl

import pytest
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session

from tests.browser.conftest import conference_prepared, login, screenshot
from voting import services
from voting.models import Candidate, EncryptedBallot, PartialDecryption, Tally

PASSWORD = "pw-for-tests-123"
# Codes no hex digit, token or page id can contain by chance.
UNITS = (("LUATGIA", "Hội Luật gia tỉnh", "head"), ("CHUTHAPDO", "Hội Chữ thập đỏ tỉnh", "deputy"),
         ("NGUOICAOTUOI", "Hội Người cao tuổi tỉnh", "member"))

MEASURE = """() => {
  const B = window.ThiduaBallot;
  const data = JSON.parse(document.getElementById('ballot-data').textContent);
  const board = B.verifyBoard({session: data.session, board: data.board,
                               election_key: data.election_key});
  const q = {session: data.session, question: data.question, round: data.round,
    electionKey: board.key, candidates: data.candidates.map((c) => c.id), quota: data.quota};
  const start = performance.now();
  B.encryptBallot(q, data.unit, data.candidates.map((_c, i) => (i === 0 ? 1 : 0)));
  return performance.now() - start;
}"""


@pytest.fixture
def conference(transactional_db):
    campaign, units, session = conference_prepared(
        org_code="ev", cluster_code="CE", cluster_name="Cụm thi đua số 11", units=UNITS,
        username_prefix="ev")
    services.session_details_save(session=session, place="Hội trường", chair="Chủ tọa",
                                  secretary="Thư ký",
                                  board=[("Trưởng ban", units["LUATGIA"]),
                                         ("Thành viên", units["CHUTHAPDO"])])
    services.session_open(session=session)
    return campaign, units, session


def as_user(page, username):
    page.context.clear_cookies()
    login(page, username, PASSWORD)


def publish_share(page, campaign):
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/board/")
    page.click("#share-draw")
    code = page.inner_text("#share-code").strip()
    assert re.fullmatch(r"([A-Z2-7]{4}-){6}[A-Z2-7]{4}", code)
    page.click("#share-publish")  # refused until the box is ticked
    assert page.is_visible("#share-error")
    page.check("#share-written")
    page.click("#share-publish")
    page.wait_for_selector("#share-published")
    return code


def open_ballot(page, campaign, title):
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/")
    page.locator(f".card:has-text('{title}') >> a:has-text('Bỏ phiếu')").first.click()
    page.wait_for_load_state()


def count_in_browser(page, campaign, code, question):
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/board/")
    section = page.locator(f"#decrypt-{question.pk}")
    section.locator("input.share-code-input").fill(code.lower().replace("-", " "))
    section.locator("button.verify").click()
    section.locator(".verified").wait_for()
    digest = section.locator(".sha256").inner_text().strip()
    section.locator("button.send").click()
    page.wait_for_load_state()
    return digest


def test_three_vote_two_count_in_their_browsers_and_no_candidate_leaves_a_browser(
        page, conference):
    campaign, units, session = conference
    title = f"Đơn vị cụm trưởng năm {campaign.year + 1}"
    question = session.questions.get(kind="head")
    candidates = list(Candidate.objects.filter(question__session=session)
                      .select_related("unit"))
    bodies = []
    page.on("request", lambda request: bodies.append((request.url, request.post_data or "")))

    codes = {}
    for username in ("ev-luatgia", "ev-chuthapdo"):
        as_user(page, username)
        codes[username] = publish_share(page, campaign)
    audit_mark = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    # A voter's browser refuses a share whose proof is bad (the server is bypassed here:
    # the page's data is altered on its way to the browser) and shows no form.
    as_user(page, "ev-nguoicaotuoi")

    def bad_proof(route):
        response = route.fetch()
        html = re.sub(r'("response": ")([0-9a-f])', lambda m: m.group(1) + (
            "1" if m.group(2) == "0" else "0"), response.text(), count=1)
        route.fulfill(response=response, body=html)

    page.route(re.compile(r".*/questions/\d+/ballot/$"), bad_proof)
    open_ballot(page, campaign, title)
    page.wait_for_selector("#ballot-refusal")
    assert "phần khóa" in page.inner_text("#ballot-refusal")
    assert not page.is_visible("#ballot-app") and not page.is_visible("#cast")
    page.unroute(re.compile(r".*/questions/\d+/ballot/$"))

    trackers = {}
    choice = {"ev-luatgia": "Hội Chữ thập đỏ tỉnh", "ev-chuthapdo": "Hội Chữ thập đỏ tỉnh",
              "ev-nguoicaotuoi": "Hội Người cao tuổi tỉnh"}
    for username in ("ev-luatgia", "ev-chuthapdo", "ev-nguoicaotuoi"):
        as_user(page, username)
        open_ballot(page, campaign, title)
        fingerprint = page.inner_text("#key-fingerprint").strip()
        assert re.fullmatch(r"([0-9A-F]{4} ){3}[0-9A-F]{4}", fingerprint)
        page.check(f"label:has-text('{choice[username]}')")
        page.click("#ballot-continue")
        assert choice[username] in page.inner_text("#confirm-list")
        milliseconds = page.evaluate(MEASURE)
        print(f"\nencryption in Chromium ({question.candidates.count()} "
              f"candidates): {milliseconds:.1f} ms")
        page.click("#cast")
        page.wait_for_selector("#receipt-code")
        trackers[username] = page.inner_text("#receipt-code").strip()
    assert EncryptedBallot.objects.filter(question=question).count() == 3
    assert not Tally.objects.filter(candidate__question=question).exists()

    as_user(page, "ev-luatgia")
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/")
    while page.locator("button:has-text('Kết thúc nội dung này')").count():
        page.once("dialog", lambda d: d.accept())
        page.locator("button:has-text('Kết thúc nội dung này')").first.click()
        page.wait_for_load_state()
    question.refresh_from_db()
    assert question.closed_at and not question.counted_at

    # A board member's browser refuses a doctored sum: the bulletin fetch is altered.
    as_user(page, "ev-chuthapdo")

    def doctored(route):
        response = route.fetch()
        data = json.loads(response.body())
        sums = data["questions"][0]["tally"]["sums"]
        sums[0]["beta"] = sums[0]["alpha"]
        route.fulfill(response=response, body=json.dumps(data))

    page.route(re.compile(r".*/bulletin\.json$"), doctored)
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/board/")
    section = page.locator(f"#decrypt-{question.pk}")
    section.locator("input.share-code-input").fill(codes["ev-chuthapdo"])
    section.locator("button.verify").click()
    section.locator(".refusal").wait_for()
    assert "tổng" in section.locator(".refusal").inner_text()
    assert not section.locator(".verified").is_visible()
    page.unroute(re.compile(r".*/bulletin\.json$"))
    # A code that is not this member's share is refused before decrypting.
    section.locator("input.share-code-input").fill(codes["ev-luatgia"])
    section.locator("button.verify").click()
    section.locator(".refusal:has-text('không phải phần khóa')").wait_for()
    assert not PartialDecryption.objects.exists()

    digests = [count_in_browser(page, campaign, codes["ev-chuthapdo"], question)]
    question.refresh_from_db()
    assert not question.counted_at  # held back until every member's is in
    as_user(page, "ev-luatgia")
    digests.append(count_in_browser(page, campaign, codes["ev-luatgia"], question))
    assert digests[0] == digests[1] and re.fullmatch(r"[0-9a-f]{64}", digests[0])
    question.refresh_from_db()
    assert question.counted_at

    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/")
    card = page.inner_text(f"#question-{question.pk}")
    assert "Hội Chữ thập đỏ tỉnh" in card and "trúng" in card
    screenshot(page, "encrypted-vote-counted")
    counts = dict(Tally.objects.filter(candidate__question=question)
                  .values_list("candidate__unit__code", "yes"))
    assert counts.get("CHUTHAPDO") == 2 and counts.get("NGUOICAOTUOI") == 1

    for username, tracker in trackers.items():
        as_user(page, username)
        page.goto(f"{page.base_url}/questions/{question.pk}/bulletin/")
        page.fill("#tracker", tracker)
        page.click("button:has-text('Tìm mã theo dõi')")
        page.wait_for_selector("#tracker-found")

    # No candidate in any request body, session row or audit row of the vote.
    ids = {str(c.pk) for c in candidates}
    names = {c.unit.code for c in candidates}
    posted = [(url, body) for url, body in bodies if body]
    assert any("/ballot/" in url for url, _b in posted) and any(
        "/decrypt/" in url for url, _b in posted)
    for url, body in posted:
        fields = dict(parse_qsl(body))
        assert not {"choice", "candidate", "candidate_ids", "step"} & set(fields), url
        assert not any(name in body for name in names), url
        if "/ballot/" in url:
            ballot = json.loads(fields["ballot"])
            assert set(ballot) == {"ciphertexts", "choice_proofs", "quota_proof"}
            assert not ids & set(re.findall(r"\b\d+\b", json.dumps(ballot))), url
    for row in Session.objects.all():
        decoded = json.dumps(row.get_decoded())
        assert not any(name in decoded for name in names)
        assert "choice" not in decoded and "candidate" not in decoded
    during = LogEntry.objects.filter(pk__gt=audit_mark, timestamp__lt=question.counted_at)
    for entry in during:
        text = json.dumps([entry.object_repr, entry.changes, entry.additional_data], default=str)
        assert not any(name in text for name in names), text
        assert entry.content_type.model not in {"tally", "candidate"}, text
