// A counting board member's page (voting:board), with the bundle (window.ThiduaBallot):
// draw the share here and show its code once; publish X = x·G with its Schnorr proof. At a
// question's close: read the code back, fetch the bulletin, verify it all here (share proofs,
// every ballot proof and tracker, the closing minimum, the sums computed here and compared
// with the server's), show its SHA-256, and only then decrypt the sums computed here.
(() => {
  const dataNode = document.getElementById("board-data");
  if (!dataNode) return;
  const data = JSON.parse(dataNode.textContent);
  const B = window.ThiduaBallot;
  const text = (id) => document.getElementById(id).textContent;

  const draw = document.getElementById("share-draw");
  if (draw) {
    let seed = null;
    draw.addEventListener("click", () => {
      seed = B.newShareSeed();
      document.getElementById("share-code").textContent = B.shareCode(seed);
      document.getElementById("share-shown").hidden = false;
      draw.hidden = true;
    });
    document.getElementById("share-form").addEventListener("submit", (event) => {
      const error = document.getElementById("share-error");
      if (!document.getElementById("share-written").checked || seed === null) {
        event.preventDefault();
        error.textContent = text("msg-not-written");
        error.hidden = false;
        return;
      }
      const secret = B.shareSecret(seed);
      const share = B.publicShare(secret);
      document.getElementById("share-public").value = B.bytesToHex(share.toBytes());
      document.getElementById("share-proof").value = JSON.stringify(
        B.schnorrToJson(B.proveShare(data.session, data.member, secret)));
      document.getElementById("share-code").textContent = "";
      seed = null;
    });
  }

  const sameSums = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  document.querySelectorAll("section.decrypt").forEach((section) => {
    const refusal = section.querySelector(".refusal");
    const verified = section.querySelector(".verified");
    const refuse = (message) => {
      refusal.textContent = message;
      refusal.hidden = false;
      verified.hidden = true;
    };
    section.querySelector(".verify").addEventListener("click", async () => {
      refusal.hidden = true;
      let secret;
      try {
        secret = B.shareSecret(B.seedFromCode(section.querySelector(".share-code-input").value));
      } catch (error) {
        refuse(text("msg-bad-code"));
        return;
      }
      const response = await fetch(section.dataset.bulletin, { credentials: "same-origin" });
      const bytes = new Uint8Array(await response.arrayBuffer());
      let bulletin;
      try {
        bulletin = JSON.parse(new TextDecoder().decode(bytes));
      } catch (error) {
        refuse(`${text("msg-refused")} format`);
        return;
      }
      const own = bulletin.board.find((m) => m.member === data.member);
      if (!own || own.public_share !== data.public_share
          || B.bytesToHex(B.publicShare(secret).toBytes()) !== own.public_share) {
        refuse(text("msg-bad-code"));
        return;
      }
      // The server's sums ride along while the question waits for the board; the check
      // below recomputes them from the ballots (verifyQuestion) and compares.
      const entry = bulletin.questions[0];
      const serverSums = entry.tally ? entry.tally.sums : null;
      const copy = { ...bulletin, questions: [{ ...entry, tally: null }] };
      let checked;
      try {
        checked = B.verifyQuestion(copy, 0);
      } catch (error) {
        refuse(`${text("msg-refused")} ${error.check || error.message}`);
        return;
      }
      const sums = checked.sums.map(B.ciphertextToJson);
      if (!serverSums || !sameSums(sums, serverSums)) {
        refuse(text("msg-sums"));
        return;
      }
      const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
      section.querySelector(".sha256").textContent = B.bytesToHex(digest);
      const partial = B.partialDecrypt(checked.question, data.member, secret, checked.sums);
      section.querySelector("input[name=partial]").value = JSON.stringify(B.partialToJson(partial));
      verified.hidden = false;
    });
  });
})();
