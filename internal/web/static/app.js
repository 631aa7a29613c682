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

// Reading time of a study material: <article data-reading="/materials/ID/beat"
// data-csrf="…">. A heartbeat every 30 s while the page is visible and its
// reader was active (typed, scrolled, touched) within the last 60 s; the
// first beat after a pause says start=1, so the pause is not counted. The
// server adds the time since the last beat, capped.
(function () {
  var el = document.querySelector("[data-reading]");
  if (!el || !window.fetch) return;
  var url = el.getAttribute("data-reading"), token = el.getAttribute("data-csrf") || "";
  var lastActive = Date.now(), running = false;
  var active = function () { lastActive = Date.now(); };
  ["scroll", "keydown", "mousemove", "touchstart", "input", "wheel"].forEach(function (t) {
    window.addEventListener(t, active, { passive: true });
  });
  var reading = function () {
    return document.visibilityState === "visible" && Date.now() - lastActive < 60000;
  };
  var beat = function (start) {
    var body = new URLSearchParams();
    body.set("csrf", token);
    if (start) body.set("start", "1");
    fetch(url, { method: "POST", body: body, credentials: "same-origin" }).catch(function () {});
  };
  var tick = function () {
    if (reading()) {
      beat(!running);
      running = true;
    } else {
      running = false;
    }
  };
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { active(); tick(); } else { running = false; }
  });
  tick();
  setInterval(tick, 30000);
})();

// A form shown again with problems: the first field with one takes the
// focus (the member form says so with autofocus; this covers the others).
(function () {
  var bad = document.querySelector("form .field.invalid input, form .field.invalid select, form .field.invalid textarea");
  if (bad && (document.activeElement === null || document.activeElement === document.body)) bad.focus();
})();

// An ID number fills an empty gender and birth date as it is typed: the
// 7th to 14th characters are the birth date, the 17th is odd for men
// (the server does the same when the form is saved).
document.addEventListener("input", function (e) {
  if (e.target.id !== "id_number" || !e.target.form || !e.target.form.classList.contains("member-form")) return;
  var id = e.target.value.replace(/[\s-]/g, "").toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return;
  var y = id.slice(6, 10), m = id.slice(10, 12), d = id.slice(12, 14);
  var birth = document.getElementById("birth_date"), gender = document.getElementById("gender");
  if (birth && birth.value === "" && +m >= 1 && +m <= 12 && +d >= 1 && +d <= 31) birth.value = y + "-" + m + "-" + d;
  if (gender && gender.value === "") gender.value = (+id.charAt(16)) % 2 === 1 ? "male" : "female";
});

// A link of the problems' summary to a field moves the focus there.
document.addEventListener("click", function (e) {
  var a = e.target.closest && e.target.closest(".form-error a[href^='#']");
  if (!a) return;
  var field = document.getElementById(a.getAttribute("href").slice(1));
  if (field && field.focus) { e.preventDefault(); field.focus(); field.scrollIntoView({block: "center"}); }
});
