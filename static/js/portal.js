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
