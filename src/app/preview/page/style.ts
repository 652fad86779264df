/** The preview page's style sheet (served as /preview.css). */
export const PAGE_CSS = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --ok: #137333; --warn: #8a5300; --fail: #b3261e; --bg: #eceef1; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); display: flex; flex-direction: column; }
.bar { background: #fff; border-bottom: 1px solid var(--line); padding: 10px 16px; display: grid; gap: 6px; }
.headline { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.edition-id { color: var(--muted); font-family: ui-monospace, Menlo, Consolas, monospace; }
.status { margin-left: auto; font-size: 13px; color: var(--muted); }
.status[data-status="failed"] { color: var(--fail); font-weight: 600; }
.status[data-status="building"]::before { content: "\\25CF  "; color: #c58a00; }
.subject { color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.controls { display: flex; gap: 12px; flex-wrap: wrap; }
.group { display: inline-flex; }
button { font: inherit; border: 1px solid var(--line); background: #fff; color: var(--ink); padding: 5px 12px; cursor: pointer; }
.group button + button { border-left: 0; }
.group button:first-child { border-radius: 6px 0 0 6px; }
.group button:last-child { border-radius: 0 6px 6px 0; }
#dark-toggle, .send button { border-radius: 6px; }
button[aria-pressed="true"] { background: #1d1d1f; color: #fff; border-color: #1d1d1f; }
button:disabled { opacity: .5; cursor: not-allowed; }
button:focus-visible, input:focus-visible { outline: 2px solid #1a73e8; outline-offset: 2px; }
.layout { flex: 1; display: flex; min-height: 0; }
.stage { flex: 1; overflow: auto; padding: 16px; display: flex; flex-direction: column; align-items: center; gap: 12px; min-width: 0; }
.device { width: 800px; flex: 1; min-height: 400px; max-width: 100%; background: #fff; box-shadow: 0 0 0 1px var(--line), 0 6px 24px rgba(0,0,0,.08); display: flex; }
#email-frame { display: block; width: 100%; height: 100%; border: 0; flex: 1; }
.part { margin: 0; padding: 14px; width: 100%; overflow: auto; font: 13px/1.5 ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.empty { margin: auto; color: var(--muted); }
.failure { width: 100%; max-width: 900px; background: #fff4f3; border: 1px solid #f1b8b3; border-left: 4px solid var(--fail); border-radius: 6px; padding: 10px 14px; }
.failure h2 { margin: 0 0 4px; font-size: 15px; color: var(--fail); }
.failure p { margin: 0 0 6px; color: var(--muted); }
.failure ul { margin: 0; padding-left: 18px; }
.failure code { font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 600; }
.panel { width: 320px; flex: none; overflow: auto; background: #fff; border-left: 1px solid var(--line); padding: 4px 16px 16px; }
.panel h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 18px 0 8px; }
.checks { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.checks > li { padding-left: 22px; position: relative; }
.checks > li::before { position: absolute; left: 0; font-weight: 700; }
.checks > li[data-level="ok"]::before { content: "\\2713"; color: var(--ok); }
.checks > li[data-level="warn"]::before { content: "!"; color: var(--warn); left: 4px; }
.checks > li[data-level="fail"]::before { content: "\\2717"; color: var(--fail); }
.checks > li[data-level="info"]::before { content: "i"; color: var(--muted); left: 5px; font-style: italic; }
.checks ul { margin: 4px 0 0; padding-left: 16px; color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.meter { height: 6px; background: #eceef1; border-radius: 3px; margin-top: 4px; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--ok); }
li[data-level="warn"] .meter > span { background: var(--warn); }
li[data-level="fail"] .meter > span { background: var(--fail); }
.contents ul { margin: 6px 0 0; padding-left: 18px; }
.send { display: flex; gap: 6px; }
.send input { flex: 1; min-width: 0; font: inherit; padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; }
.send-status { color: var(--muted); overflow-wrap: anywhere; }
.send-status[data-level="fail"] { color: var(--fail); }
.send-status[data-level="ok"] { color: var(--ok); }
@media (max-width: 900px) { .layout { flex-direction: column; } .panel { width: auto; border-left: 0; border-top: 1px solid var(--line); } }
`;
