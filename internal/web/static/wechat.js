// Copy an article for the WeChat editor: the styled HTML as text/html
// (and its text as text/plain), so that a paste keeps the formatting.
// Without the clipboard API the page's instructions (select all, copy)
// stand.
document.addEventListener("click", function (e) {
  var btn = e.target.closest && e.target.closest("[data-copy-html]");
  if (!btn) return;
  var src = document.getElementById(btn.getAttribute("data-copy-html"));
  var status = document.getElementById("copy-status");
  if (!src) return;
  var html = src.innerHTML, text = src.innerText;
  function done(ok) {
    if (status) status.textContent = btn.getAttribute(ok ? "data-ok" : "data-fail");
    if (!ok) {
      var range = document.createRange();
      range.selectNodeContents(src);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
  }
  if (navigator.clipboard && window.ClipboardItem) {
    var item = new ClipboardItem({
      "text/html": new Blob([html], { type: "text/html" }),
      "text/plain": new Blob([text], { type: "text/plain" })
    });
    navigator.clipboard.write([item]).then(function () { done(true); }, function () { done(false); });
  } else {
    done(false);
  }
});
