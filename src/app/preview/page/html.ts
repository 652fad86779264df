/**
 * The preview page's HTML shell. Everything dynamic is filled in by the client
 * script from the server's state events, with textContent only: story text and
 * error messages never become markup. The per-server token for the send-test POST is
 * the only value written into the page, and it is hex.
 */

export function pageHtml(token: string): string {
  if (!/^[0-9a-f]+$/.test(token)) throw new Error("preview token must be hex");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="preview-token" content="${token}">
<title>news-digest preview</title>
<link rel="stylesheet" href="/preview.css">
<script src="/preview.js" defer></script>
</head>
<body>
<header class="bar">
  <div class="headline">
    <strong class="brand">news-digest preview</strong>
    <span id="edition-id" class="edition-id"></span>
    <span id="status" class="status" data-status="building" role="status" aria-live="polite">Building…</span>
  </div>
  <div id="subject" class="subject"></div>
  <nav class="controls" aria-label="View">
    <div class="group" role="group" aria-label="Width">
      <button type="button" data-width="375" aria-pressed="false">Mobile · 375 px</button>
      <button type="button" data-width="800" aria-pressed="true">Desktop · 800 px</button>
    </div>
    <div class="group" role="group" aria-label="Part">
      <button type="button" data-part="email" aria-pressed="true">Email</button>
      <button type="button" data-part="text" aria-pressed="false">Plain text</button>
      <button type="button" data-part="source" aria-pressed="false">HTML source</button>
    </div>
    <button type="button" id="dark-toggle" aria-pressed="false">Dark mode</button>
  </nav>
</header>
<main class="layout">
  <section class="stage" aria-label="Preview">
    <div id="build-error" class="failure" role="alert" hidden>
      <h2 id="failure-title"></h2>
      <p id="failure-note"></p>
      <ul id="failure-problems"></ul>
    </div>
    <div id="device" class="device">
      <iframe id="email-frame" title="The email" sandbox="allow-same-origin" src="about:blank"></iframe>
      <pre id="text-view" class="part" hidden></pre>
      <pre id="source-view" class="part" hidden></pre>
      <p id="empty-note" class="empty" hidden>No edition has built yet.</p>
    </div>
  </section>
  <aside class="panel" aria-label="Checks">
    <h2>Checks</h2>
    <ul id="checks" class="checks"></ul>
    <h2>In this edition</h2>
    <div id="contents" class="contents"></div>
    <h2>Send a test</h2>
    <form id="send-form" class="send">
      <input type="email" id="send-address" name="address" required placeholder="you@example.com" autocomplete="email" aria-label="Address for the test copy">
      <button type="submit" id="send-button" disabled>Send test</button>
    </form>
    <p id="send-status" class="send-status" aria-live="polite"></p>
  </aside>
</main>
</body>
</html>
`;
}
