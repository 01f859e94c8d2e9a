// The voter's page (voting:ballot): choose, confirm, then encrypt here with the bundle
// (window.ThiduaBallot, loaded first). The key is computed from the board's shares after
// checking every share proof; the only POST carries the encrypted ballot (ciphertexts and
// proofs), never a candidate. Nothing of r or the choice is kept after casting.
(() => {
  const dataNode = document.getElementById("ballot-data");
  const app = document.getElementById("ballot-app");
  if (!dataNode || !app) return;
  const data = JSON.parse(dataNode.textContent);
  const B = window.ThiduaBallot;
  const text = (id) => document.getElementById(id).textContent;
  const refusal = document.getElementById("ballot-refusal");
  const refuse = (message) => {
    refusal.textContent = message;
    refusal.hidden = false;
    app.hidden = true;
  };
  let question;
  try {
    const board = B.verifyBoard({ session: data.session, board: data.board,
      election_key: data.election_key });
    question = { session: data.session, question: data.question, round: data.round,
      electionKey: board.key, candidates: data.candidates.map((c) => c.id), quota: data.quota };
    document.getElementById("key-fingerprint").textContent = board.fingerprint;
  } catch (error) {
    refuse(`${text("msg-bad-share")} (${error.check || error.message})`);
    return;
  }
  app.hidden = false;
  const boxes = [...app.querySelectorAll("input[data-index]")];
  const choose = document.getElementById("ballot-choose");
  const confirm = document.getElementById("ballot-confirm");
  const choiceError = document.getElementById("choice-error");
  const choices = () => boxes.map((box) => (box.checked ? 1 : 0));
  document.getElementById("ballot-continue").addEventListener("click", () => {
    const picked = choices();
    if (picked.reduce((a, b) => a + b, 0) > data.quota) {
      choiceError.textContent = text("msg-too-many");
      choiceError.hidden = false;
      return;
    }
    choiceError.hidden = true;
    const list = document.getElementById("confirm-list");
    list.replaceChildren(...data.candidates.filter((_c, i) => picked[i]).map((c) => {
      const row = document.createElement("div");
      row.textContent = `☑ ${c.name}`;
      return row;
    }));
    document.getElementById("confirm-blank").hidden = picked.includes(1);
    choose.hidden = true;
    boxes.forEach((box) => { box.disabled = true; });
    confirm.hidden = false;
  });
  document.getElementById("ballot-change").addEventListener("click", () => {
    confirm.hidden = true;
    boxes.forEach((box) => { box.disabled = false; });
    choose.hidden = false;
  });
  document.getElementById("ballot-form").addEventListener("submit", (event) => {
    const field = document.getElementById("ballot-json");
    try {
      const started = performance.now();
      const ballot = B.encryptBallot(question, data.unit, choices());
      const json = B.ballotToJson(ballot);
      delete json.unit; // the server takes the signed-in unit
      field.value = JSON.stringify(json);
      window.thiduaEncryptMs = performance.now() - started;
    } catch (error) {
      event.preventDefault();
      refuse(`${text("msg-failed")} (${error.check || error.message})`);
      return;
    }
    boxes.forEach((box) => { box.checked = false; });
    document.getElementById("cast").disabled = true;
  });
})();
