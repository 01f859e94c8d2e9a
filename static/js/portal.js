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
