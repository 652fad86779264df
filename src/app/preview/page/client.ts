/**
 * The preview page's script (served as /preview.js), plain ES2017 for the browser.
 *
 * It listens to the server's state events (Server-Sent Events on /events) and
 * redraws the status, the failure box and the checks panel on each one; it reloads
 * the email only when a new edition has built (`editionVersion` moved), keeping the
 * scroll position. The chosen view (width, part, dark mode) lives in the page and in
 * the URL's #fragment, so neither a rebuild nor a manual reload loses it.
 * Data goes into the page through textContent only.
 */
export const PAGE_SCRIPT = String.raw`"use strict";
(function () {
  var token = document.querySelector('meta[name="preview-token"]').getAttribute("content");
  var frame = document.getElementById("email-frame");
  var device = document.getElementById("device");
  var textView = document.getElementById("text-view");
  var sourceView = document.getElementById("source-view");
  var emptyNote = document.getElementById("empty-note");
  var statusEl = document.getElementById("status");
  var WIDTHS = { "375": 375, "800": 800 };
  var PARTS = { email: true, text: true, source: true };

  var state = null;
  var shownKey = "";
  var view = readView();

  function readView() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    return {
      width: WIDTHS[params.get("width")] || 800,
      part: PARTS[params.get("part")] ? params.get("part") : "email",
      dark: params.get("dark") === "1"
    };
  }

  function writeView() {
    var hash = "#width=" + view.width + "&part=" + view.part + "&dark=" + (view.dark ? "1" : "0");
    if (location.hash !== hash) history.replaceState(null, "", hash);
  }

  function el(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (attributes) for (var name in attributes) node.setAttribute(name, attributes[name]);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many || one + "s");
  }

  function where(problem) {
    var parts = [];
    if (problem.file) parts.push(problem.file);
    if (problem.line !== undefined && problem.line !== null) parts.push(problem.line);
    if (problem.line !== undefined && problem.column !== undefined && problem.column !== null) parts.push(problem.column);
    return parts.join(":");
  }

  // ---- the view controls -------------------------------------------------------

  function applyView() {
    device.style.width = view.width + "px";
    Array.prototype.forEach.call(document.querySelectorAll("[data-width]"), function (button) {
      button.setAttribute("aria-pressed", String(Number(button.getAttribute("data-width")) === view.width));
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-part]"), function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-part") === view.part));
    });
    document.getElementById("dark-toggle").setAttribute("aria-pressed", String(view.dark));
    writeView();
    showContent();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    if (!button) return;
    if (button.hasAttribute("data-width")) view.width = Number(button.getAttribute("data-width"));
    else if (button.hasAttribute("data-part")) view.part = button.getAttribute("data-part");
    else if (button.id === "dark-toggle") view.dark = !view.dark;
    else return;
    applyView();
  });

  // ---- the email, its text part and its source ----------------------------------

  function showContent() {
    var hasEdition = state && state.editionVersion > 0;
    emptyNote.hidden = !!hasEdition;
    frame.hidden = !hasEdition || view.part !== "email";
    textView.hidden = !hasEdition || view.part !== "text";
    sourceView.hidden = !hasEdition || view.part !== "source";
    if (!hasEdition) return;
    var key = state.editionVersion + "|" + view.part + (view.part === "email" ? "|" + (view.dark ? "dark" : "light") : "");
    if (key === shownKey) return;
    shownKey = key;
    var version = "v=" + state.editionVersion;
    if (view.part === "email") loadFrame("/email.html?scheme=" + (view.dark ? "dark" : "light") + "&" + version);
    else if (view.part === "text") loadText(textView, "/email.txt?" + version, key);
    else loadText(sourceView, "/email.html?" + version, key);
  }

  function loadFrame(src) {
    var scroll = 0;
    try { scroll = frame.contentWindow.scrollY || 0; } catch (e) { scroll = 0; }
    frame.onload = function () {
      try {
        frame.contentWindow.scrollTo(0, scroll);
        openLinksOutside(frame.contentDocument);
      } catch (e) { /* not our document */ }
    };
    frame.src = src;
  }

  // Links in the email open in a new tab, not inside the preview's frame.
  function openLinksOutside(doc) {
    if (!doc) return;
    doc.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!link) return;
      event.preventDefault();
      var href = link.getAttribute("href") || "";
      if (/^https?:/i.test(href)) window.open(href, "_blank", "noopener,noreferrer");
    });
  }

  function loadText(target, url, key) {
    fetch(url, { cache: "no-store" }).then(function (response) { return response.text(); }).then(function (text) {
      if (shownKey !== key) return;
      var top = target.scrollTop;
      target.textContent = text;
      target.scrollTop = top;
    }).catch(function () { shownKey = ""; });
  }

  // ---- the state from the server ------------------------------------------------

  function render() {
    statusEl.setAttribute("data-status", state.status);
    if (state.status === "building") statusEl.textContent = "Building…";
    else if (state.status === "failed") statusEl.textContent = "Build failed";
    else statusEl.textContent = "Updated " + new Date(state.edition.builtAt).toLocaleTimeString() + " (" + state.edition.buildMs + " ms)";
    document.getElementById("edition-id").textContent = state.edition ? state.edition.id : "";
    document.getElementById("subject").textContent = state.edition ? state.edition.subject + " — " + state.edition.preheader : "";
    renderFailure();
    renderChecks();
    renderContents();
    renderSend();
    showContent();
  }

  function renderFailure() {
    var box = document.getElementById("build-error");
    var failure = state.failure;
    box.hidden = !failure;
    if (!failure) return;
    document.getElementById("failure-title").textContent = failure.title;
    document.getElementById("failure-note").textContent = state.editionVersion > 0
      ? "Fix it and save: the preview below is the last edition that built."
      : "Fix it and save: the preview appears once the edition builds.";
    var list = document.getElementById("failure-problems");
    clear(list);
    failure.problems.forEach(function (problem) {
      var item = el("li");
      var place = where(problem);
      if (place) {
        item.appendChild(el("code", place));
        item.appendChild(document.createTextNode(" "));
      }
      item.appendChild(document.createTextNode(problem.message));
      list.appendChild(item);
    });
  }

  function check(list, level, text, details, extra) {
    var item = el("li", null, { "data-level": level });
    item.appendChild(el("span", text));
    if (extra) item.appendChild(extra);
    if (details && details.length) {
      var sub = el("ul");
      details.forEach(function (line) { sub.appendChild(el("li", line)); });
      item.appendChild(sub);
    }
    list.appendChild(item);
  }

  function renderChecks() {
    var list = document.getElementById("checks");
    clear(list);
    var checks = state.checks;
    if (!checks) {
      check(list, "warn", "No edition yet: nothing to check.");
      return;
    }
    var kb = function (bytes) { return (bytes / 1024).toFixed(1) + " KB"; };
    var meter = el("div", null, { class: "meter" });
    var fill = el("span");
    fill.style.width = Math.min(100, (checks.size.bytes / checks.size.limit) * 100).toFixed(1) + "%";
    meter.appendChild(fill);
    check(list, checks.size.level, "Size: " + kb(checks.size.bytes) + " of " + kb(checks.size.limit) +
      (checks.size.level === "fail" ? ": Gmail will clip it" : " (Gmail clips larger emails)"), null, meter);
    var images = checks.images;
    check(list, images.level, images.withoutAlt.length
      ? plural(images.withoutAlt.length, "image") + " of " + images.total + " without alt text"
      : (images.total ? plural(images.total, "image") + ", all with alt text" : "No images"), images.withoutAlt);
    var links = checks.links;
    check(list, links.level, links.problems.length
      ? plural(links.problems.length, "link") + " of " + links.total + " to fix"
      : plural(links.total, "link") + ", all http(s)", links.problems.map(function (p) {
        return (p.text ? "“" + p.text + "” " : "") + (p.href === null ? "(no href)" : p.href) + ": " + p.reason;
      }));
    if (state.inputErrors.length) {
      check(list, "warn", plural(state.inputErrors.length, "story file") + " skipped", state.inputErrors.map(function (e) {
        return where(e) + ": " + e.message;
      }));
    }
    if (state.warnings.length) check(list, "warn", "Theme", state.warnings);
    renderSpam(list, state.spam);
  }

  // SpamAssassin's score arrives after the build (it runs beside the preview).
  function renderSpam(list, spam) {
    if (!spam) return;
    if (spam.status === "pending") return check(list, "info", "Spam score: checking…");
    if (spam.status === "unavailable") return check(list, "info", "Spam score: not checked (" + spam.reason + ")");
    if (spam.status === "failed") return check(list, "warn", "Spam score: the check failed (" + spam.reason + ")");
    var fired = spam.rules.filter(function (r) { return r.points !== 0; });
    check(list, spam.level, "Spam score: " + spam.score.toFixed(1) + " (SpamAssassin marks spam at " + spam.required.toFixed(1) + "; aim for 0.5 or less)",
      (fired.length ? fired : spam.rules).map(function (r) { return r.points.toFixed(1) + " " + r.name + ": " + r.description; }));
  }

  function renderContents() {
    var box = document.getElementById("contents");
    clear(box);
    if (!state.checks) return;
    var c = state.checks.contents;
    box.appendChild(el("p", plural(c.topics, "topic") + " · " + plural(c.stories, "story", "stories") +
      (c.liveBlogs ? " (" + plural(c.liveBlogs, "live blog") + ")" : "") + " · " + plural(c.keyPoints, "key point") +
      (c.listed ? " · " + plural(c.listed, "more listed", "more listed") : "") +
      (c.heldBack ? " · " + plural(c.heldBack, "story", "stories") + " held back for size" : "")));
    var list = el("ul");
    c.sections.forEach(function (section) {
      list.appendChild(el("li", section.label + ": " + plural(section.stories, "story", "stories") +
        (section.keyPoints ? ", " + plural(section.keyPoints, "key point") : "")));
    });
    box.appendChild(list);
  }

  var sending = false;
  function renderSend() {
    if (!state) return;
    var button = document.getElementById("send-button");
    button.disabled = sending || !state.send.ready;
    var note = document.getElementById("send-status");
    if (sending || note.getAttribute("data-level") === "ok" || note.getAttribute("data-level") === "fail") return;
    note.removeAttribute("data-level");
    note.textContent = state.send.ready ? "Sends the current edition via " + state.send.via : state.send.reason;
  }

  document.getElementById("send-form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (sending || !state || !state.send.ready) return;
    var address = document.getElementById("send-address").value;
    var note = document.getElementById("send-status");
    sending = true;
    note.removeAttribute("data-level");
    note.textContent = "Sending a test copy to " + address + "…";
    renderSend();
    fetch("/send-test", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Preview-Token": token },
      body: JSON.stringify({ address: address })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      note.setAttribute("data-level", result.ok ? "ok" : "fail");
      note.textContent = result.ok ? result.body.message : result.body.error;
    }).catch(function (error) {
      note.setAttribute("data-level", "fail");
      note.textContent = "Could not reach the preview server: " + error.message;
    }).then(function () {
      sending = false;
      renderSend();
    });
  });

  document.getElementById("send-address").addEventListener("input", function () {
    var note = document.getElementById("send-status");
    if (sending) return;
    note.removeAttribute("data-level");
    renderSend();
  });

  function connect() {
    var events = new EventSource("/events");
    var session = null;
    events.onmessage = function (event) {
      var next = JSON.parse(event.data);
      // Another server now (restarted): its token differs, so start afresh; the view is in the URL.
      if (session !== null && next.session !== session) return location.reload();
      session = next.session;
      state = next;
      render();
    };
    events.onerror = function () {
      statusEl.setAttribute("data-status", "failed");
      statusEl.textContent = "Disconnected from the preview server: retrying…";
    };
  }

  applyView();
  connect();
})();
`;
