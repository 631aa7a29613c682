// huoshui group chat: new messages appear without reloading (Server-Sent
// Events; the browser reconnects by itself and the server sends what was
// missed), and the form posts without leaving the page. Without script
// the page and its form work as they are.
"use strict";
(function () {
  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  if (!log || !form || !window.EventSource || !window.fetch) return;
  var room = log.getAttribute("data-room");
  var after = log.getAttribute("data-after") || "0";
  var linkRE = /https?:\/\/[^\s<>"'“”‘’（）【】「」，。；：！？、]+/g;

  // A message is text: it goes in as text nodes, and only http(s)
  // addresses become links.
  function fillText(p, text) {
    var last = 0, m;
    linkRE.lastIndex = 0;
    while ((m = linkRE.exec(text)) !== null) {
      p.appendChild(document.createTextNode(text.slice(last, m.index)));
      var a = document.createElement("a");
      a.href = m[0];
      a.rel = "noopener noreferrer nofollow";
      a.target = "_blank";
      a.textContent = m[0];
      p.appendChild(a);
      last = m.index + m[0].length;
    }
    p.appendChild(document.createTextNode(text.slice(last)));
  }

  function removedText(li) {
    var p = li.querySelector(".chat-text");
    p.textContent = log.getAttribute("data-removed");
    p.className = "chat-text muted";
    var f = li.querySelector("form");
    if (f) f.remove();
  }

  function add(m) {
    if (document.getElementById("m" + m.id)) return;
    var none = log.querySelector(".chat-none");
    if (none) none.remove();
    var li = document.createElement("li");
    li.id = "m" + m.id;
    li.className = "chat-msg";
    li.setAttribute("data-id", m.id);
    var who = document.createElement("span");
    who.className = "chat-who";
    who.textContent = m.author.name;
    var t = document.createElement("time");
    t.setAttribute("datetime", m.created_at);
    t.textContent = m.created_at.slice(0, 16).replace("T", " ");
    var p = document.createElement("p");
    p.className = "chat-text";
    li.appendChild(who);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(t);
    li.appendChild(p);
    if (m.removed) {
      removedText(li);
    } else {
      fillText(p, m.text);
      if (m.files && m.files.length) {
        var ul = document.createElement("ul");
        ul.className = "chat-files";
        m.files.forEach(function (x) {
          var fli = document.createElement("li"), a = document.createElement("a");
          a.href = x.url;
          if (x.thumb_url) {
            var img = document.createElement("img");
            img.src = x.thumb_url; img.alt = x.name; img.loading = "lazy";
            a.appendChild(img);
            fli.appendChild(a);
          } else {
            a.setAttribute("download", "");
            a.textContent = x.name;
            var sz = document.createElement("span");
            sz.className = "muted"; sz.textContent = x.size_text;
            fli.appendChild(a); fli.appendChild(document.createTextNode(" ")); fli.appendChild(sz);
          }
          ul.appendChild(fli);
        });
        li.appendChild(ul);
      }
      if (log.getAttribute("data-keep")) {
        var f = document.createElement("form");
        f.method = "post";
        f.action = "/messages/" + m.id + "/remove";
        f.className = "inline";
        f.setAttribute("data-confirm", log.getAttribute("data-remove-confirm"));
        var c = document.createElement("input");
        c.type = "hidden"; c.name = "csrf"; c.value = log.getAttribute("data-csrf");
        var b = document.createElement("button");
        b.type = "submit"; b.className = "linklike"; b.textContent = log.getAttribute("data-remove");
        f.appendChild(c); f.appendChild(b); li.appendChild(f);
      }
    }
    log.appendChild(li);
    li.scrollIntoView({block: "nearest"});
  }

  var es = new EventSource("/api/v1/rooms/" + room + "/stream?after=" + encodeURIComponent(after));
  es.onmessage = function (e) { add(JSON.parse(e.data)); };
  es.addEventListener("removed", function (e) {
    var m = JSON.parse(e.data), li = document.getElementById("m" + m.id);
    if (li) removedText(li);
  });

  var text = document.getElementById("chat-text");
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    // The form as it is, files and all: the browser sets the multipart
    // type and its boundary.
    var body = new FormData(form);
    var files = document.getElementById("chat-files");
    fetch(form.getAttribute("data-api"), {method: "POST", credentials: "same-origin", body: body})
      .then(function (r) {
        return r.json().then(function (j) {
          if (r.status === 201) { text.value = ""; if (files) files.value = ""; add(j); return; }
          var msg = j.fields && j.fields.text ? j.fields.text : j.error;
          window.alert(msg);
        });
      })
      .catch(function () { form.submit(); });
  });
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest(".chat-at");
    if (!b) return;
    text.value += (text.value && !/\s$/.test(text.value) ? " " : "") + "@" + b.getAttribute("data-name") + " ";
    text.focus();
  });
})();
