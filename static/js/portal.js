// Small behaviours without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("submit", (event) => {
  // <form data-confirm="…">: ask before destructive or irreversible actions.
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener("input", (event) => {
  // <input data-filter-target="#id">: hide the checkboxes in #id whose label does not match.
  const selector = event.target.dataset && event.target.dataset.filterTarget;
  if (!selector) return;
  const needle = event.target.value.trim().toLowerCase();
  document.querySelectorAll(`${selector} .form-check`).forEach((item) => {
    item.hidden = needle !== "" && !item.textContent.toLowerCase().includes(needle);
  });
});
document.addEventListener("change", (event) => {
  // <select data-autosubmit>: filters apply as soon as a value is picked.
  if (event.target.matches("[data-autosubmit]")) event.target.form.requestSubmit();
});
// A passkey registered on "Account security" (django-otp-webauthn's script): show it in the list.
document.addEventListener("otp_webauthn.register_complete", () => window.location.reload());
// After a submission the page shows its message (or its errors) in an alert: move the focus there,
// so that screen readers read it and keyboard users start from it instead of from the top.
document.addEventListener("DOMContentLoaded", () => {
  const alert = document.querySelector("main .alert[role=alert]");
  if (!alert) return;
  if (!alert.hasAttribute("tabindex")) alert.setAttribute("tabindex", "-1");
  alert.focus({ preventScroll: false });
});
// A table wider than a phone scrolls sideways inside .table-responsive: keyboard users must be able
// to focus that box to scroll it (WCAG 2.1.1, axe "scrollable-region-focusable").
const focusableScrollers = () => {
  document.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
    else box.removeAttribute("tabindex");
  });
};
document.addEventListener("DOMContentLoaded", focusableScrollers);
window.addEventListener("resize", focusableScrollers);
document.addEventListener("htmx:afterSettle", focusableScrollers);
// <input type=file data-max-bytes data-too-large>: a file over the upload limit is refused here,
// before minutes of sending end on the 413 page; the server checks again (core.uploads).
const tooLargeFiles = (input) =>
  Array.from(input.files || []).filter((file) => file.size > Number(input.dataset.maxBytes));
const showUploadCheck = (input) => {
  const tooLarge = tooLargeFiles(input);
  const id = `${input.id || input.name}-size-error`;
  let note = document.getElementById(id);
  if (!tooLarge.length) {
    input.classList.remove("is-invalid");
    input.removeAttribute("aria-invalid");
    if (note) note.remove();
    return true;
  }
  if (!note) {
    note = document.createElement("div");
    note.id = id;
    note.className = "invalid-feedback d-block upload-size-error";
    note.setAttribute("role", "alert");
    input.insertAdjacentElement("afterend", note);
  }
  note.textContent = tooLarge.map((file) => `“${file.name}” ${input.dataset.tooLarge}`).join(" ");
  input.classList.add("is-invalid");
  input.setAttribute("aria-invalid", "true");
  input.setAttribute("aria-describedby", id);
  return false;
};
document.addEventListener("change", (event) => {
  if (event.target.matches("input[type=file][data-max-bytes]")) showUploadCheck(event.target);
});
document.addEventListener("submit", (event) => {
  const inputs = event.target.querySelectorAll("input[type=file][data-max-bytes]");
  const refused = Array.from(inputs).filter((input) => !showUploadCheck(input));
  if (refused.length) {
    event.preventDefault();
    event.stopImmediatePropagation();
    refused[0].focus();
  }
}, true);
