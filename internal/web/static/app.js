// huoshui: small conveniences on top of pages that work without scripts.
"use strict";

// Ask before a destructive action: <form data-confirm="…">.
document.addEventListener("submit", function (e) {
  var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) {
    e.preventDefault();
  }
});

// Warn before leaving a form with unsaved changes: <form data-guard>.
(function () {
  var dirty = false;
  document.addEventListener("input", function (e) {
    if (e.target.form && e.target.form.hasAttribute("data-guard")) dirty = true;
  });
  document.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ""; }
  });
})();

// Submit a filter form when a select in it changes: <form data-autosubmit>.
document.addEventListener("change", function (e) {
  var f = e.target.form;
  if (f && f.hasAttribute("data-autosubmit") && e.target.tagName === "SELECT") f.submit();
});

// Print the page: <button data-print hidden>, shown only where this runs.
// Copy a field's text: <button data-copy="id" hidden>.
(function () {
  var buttons = document.querySelectorAll("[data-print], [data-copy]");
  for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("[data-print], [data-copy]");
    if (!b) return;
    if (b.hasAttribute("data-print")) { window.print(); return; }
    var field = document.getElementById(b.getAttribute("data-copy"));
    if (!field) return;
    field.select();
    var done = function () { b.textContent = b.getAttribute("data-copied") || b.textContent; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
