/**
 * The dashboard page (docs/operations.md): one self-contained HTML document,
 * its style and script inline and nothing loaded from elsewhere, so the
 * admin API's content security policy can forbid everything else. The page
 * holds no data: its script asks the admin views for it with the token the
 * operator gives (the URL fragment #token=..., which never reaches the
 * server, or a form), and polls them every second while it is visible.
 */
import { createHash } from 'node:crypto'
import { DASHBOARD_SCRIPT } from './dashboard-script.js'

const STYLE = String.raw`
:root {
  color-scheme: light dark;
  --bg: #f4f5f7; --panel: #ffffff; --panel-2: #f8f9fb; --text: #1b2230; --muted: #677187; --line: #e2e5eb;
  --accent: #3566e8; --ok: #1b9a5a; --warn: #c07f00; --bad: #d14343; --neutral: #8b95a8;
  --attached: #3566e8; --announced: #19a3a3; --lookup: #a35cd6;
  --shadow: 0 1px 2px rgba(16, 24, 40, .05), 0 2px 6px rgba(16, 24, 40, .06);
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0e1116; --panel: #161a21; --panel-2: #1b2029; --text: #e4e8ef; --muted: #8d96a7; --line: #272d38;
    --accent: #6c93ff; --ok: #3cc47f; --warn: #e0a82e; --bad: #f06a6a; --neutral: #6f7a8e;
    --attached: #6c93ff; --announced: #35c2c2; --lookup: #c08af0;
    --shadow: 0 1px 2px rgba(0, 0, 0, .4);
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); }
[hidden] { display: none !important; }
.mono { font-family: var(--mono); font-size: 12.5px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
button { font: inherit; cursor: pointer; border-radius: 8px; border: 1px solid var(--line); background: var(--panel); color: var(--text); padding: 6px 12px; }
button:hover { border-color: var(--accent); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }

header.top { display: flex; align-items: center; gap: 18px; padding: 14px 24px; background: var(--panel); border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 2; }
.brand { display: flex; align-items: center; gap: 8px; font-weight: 700; letter-spacing: .02em; }
.brand svg { width: 26px; height: 26px; }
.ident { flex: 1; min-width: 0; }
.ident h1 { display: inline; font-size: 18px; margin: 0 8px 0 0; font-family: var(--mono); }
.ident .meta { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; color: var(--muted); font-size: 12.5px; margin-top: 2px; }
#node-fullname { user-select: all; }
.live { display: flex; align-items: center; gap: 8px; color: var(--muted); font-size: 12.5px; white-space: nowrap; }
.live .dot { width: 9px; height: 9px; border-radius: 50%; background: var(--neutral); }
body[data-state="live"] .live .dot { background: var(--ok); box-shadow: 0 0 0 3px color-mix(in srgb, var(--ok) 25%, transparent); }
body[data-state="error"] .live .dot { background: var(--bad); }
body[data-state="error"] .live { color: var(--bad); white-space: normal; max-width: 40ch; }
body[data-state="paused"] .live .dot { background: var(--warn); }
body[data-state="auth"] #forget-token, body[data-state="auth"] .live { display: none; }
body[data-state="auth"] .ident, body[data-state="starting"] .ident, body[data-state="connecting"] .ident { visibility: hidden; }

main { padding: 18px 24px 28px; max-width: 1500px; margin: 0 auto; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin-bottom: 16px; }
.tile { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 12px 14px; box-shadow: var(--shadow); }
.tile-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
.tile-value { font-size: 26px; font-weight: 650; font-variant-numeric: tabular-nums; margin-top: 2px; }
.tile-note { color: var(--muted); font-size: 12px; }
.tile.warn .tile-value { color: var(--warn); }

.row { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 16px; margin-bottom: 16px; }
.row.halves { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
.row.full { grid-template-columns: minmax(0, 1fr); }
@media (max-width: 1000px) { .row, .row.halves { grid-template-columns: minmax(0, 1fr); } }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px 16px; box-shadow: var(--shadow); min-width: 0; }
.card h2 { font-size: 15px; margin: 0 0 10px; display: flex; align-items: baseline; gap: 8px; }
.card h2 .count { color: var(--muted); font-weight: 500; font-size: 13px; }
.card h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 16px 0 6px; }
.lead { margin: 0 0 10px; }
.empty { color: var(--muted); margin: 6px 0; font-style: italic; }

table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
td { padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
tbody tr:last-child td { border-bottom: 0; }
tbody tr:hover td { background: var(--panel-2); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.addr { max-width: 340px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
tr.stale td { opacity: .55; }
td.warn { color: var(--warn); font-weight: 600; }

.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11.5px; font-weight: 600; background: color-mix(in srgb, var(--neutral) 18%, transparent); color: var(--text); white-space: nowrap; }
.badge.router, .badge.upstream { background: color-mix(in srgb, var(--accent) 18%, transparent); }
.badge.server { background: color-mix(in srgb, var(--ok) 20%, transparent); }
.badge.client, .badge.edge { background: color-mix(in srgb, var(--lookup) 20%, transparent); }
.badge.attached { background: color-mix(in srgb, var(--attached) 20%, transparent); }
.badge.announced { background: color-mix(in srgb, var(--announced) 22%, transparent); }
.badge.damaged, .badge.unreadable { background: color-mix(in srgb, var(--bad) 22%, transparent); }
td.damaged { color: var(--bad); }
.badge.lookup { background: color-mix(in srgb, var(--lookup) 22%, transparent); }
.badge.valid, .badge.complete { background: color-mix(in srgb, var(--ok) 22%, transparent); }
.badge.expired, .badge.failed { background: color-mix(in srgb, var(--bad) 22%, transparent); }
.badge.receiving { background: color-mix(in srgb, var(--warn) 22%, transparent); }
.chip { display: inline-flex; align-items: center; gap: 5px; padding: 1px 8px; border-radius: 6px; border: 1px solid var(--line); font-family: var(--mono); font-size: 12px; margin: 1px 4px 1px 0; white-space: nowrap; }
.chip.domain i { width: 9px; height: 9px; border-radius: 3px; background: var(--c); display: inline-block; }
.chip.replica.self { border-color: var(--accent); color: var(--accent); }
.chips { display: flex; flex-wrap: wrap; }
.dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; }
.dot.on { background: var(--ok); }
.dot.off { background: transparent; border: 1.5px solid var(--neutral); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 14px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }

.graph-head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.legend { display: flex; gap: 14px; flex-wrap: wrap; align-items: center; color: var(--muted); font-size: 12px; }
.legend svg { width: 18px; height: 18px; vertical-align: middle; margin-right: 4px; }
.legend .line { display: inline-block; width: 22px; border-top: 2px solid var(--neutral); vertical-align: middle; margin-right: 4px; }
.legend .line.connection { border-top-style: dashed; }
.legend .line.route { border-top-style: dotted; }
.graph-wrap { overflow: auto; max-height: 620px; border-radius: 10px; background: var(--panel-2); border: 1px solid var(--line); margin-top: 10px; }
#graph { display: block; width: 100%; height: auto; }
#graph .region rect { fill: color-mix(in srgb, var(--c) 9%, transparent); stroke: color-mix(in srgb, var(--c) 45%, transparent); stroke-width: 1; stroke-dasharray: 4 3; }
#graph .region text { fill: var(--c); font-size: 11px; font-weight: 600; font-family: var(--mono); }
#graph .edge { fill: none; stroke: var(--neutral); stroke-width: 1.8; opacity: .75; transition: stroke .15s, opacity .15s; }
#graph .edge.connection { stroke-dasharray: 6 4; }
#graph .edge.route { stroke-dasharray: 1.5 4; stroke-linecap: round; stroke-width: 2; opacity: .6; }
#graph .edge.hot { stroke: var(--accent); opacity: 1; stroke-width: 2.6; }
#graph .node { cursor: default; outline: none; }
#graph .node .shape { fill: color-mix(in srgb, var(--c, var(--neutral)) 70%, var(--panel)); stroke: var(--panel); stroke-width: 2.5; transition: stroke .15s; }
#graph .node.client .shape { fill: color-mix(in srgb, var(--c, var(--neutral)) 35%, var(--panel)); stroke: var(--c, var(--neutral)); stroke-width: 2; }
#graph .node .glyph { fill: none; stroke: var(--panel); stroke-width: 2; stroke-linecap: round; }
#graph .node.router .glyph { fill: var(--panel); stroke: none; }
#graph .node:hover .shape, #graph .node:focus .shape { stroke: var(--accent); }
#graph .node text { text-anchor: middle; fill: var(--text); paint-order: stroke; stroke: var(--panel-2); stroke-width: 4px; stroke-linejoin: round; }
#graph .region text { paint-order: stroke; stroke: var(--panel-2); stroke-width: 3px; }
#graph .node .label { font-family: var(--mono); font-size: 12px; font-weight: 600; }
#graph .node .sublabel { font-size: 10.5px; fill: var(--muted); }
#graph .node.self .label { fill: var(--accent); }
#graph .node.self .halo { fill: none; stroke: var(--accent); stroke-width: 2.5; animation: pulse 2.4s ease-in-out infinite; }
#graph .node.entering { animation: enter .6s ease-out; }
@keyframes pulse { 0%, 100% { stroke-opacity: .9; } 50% { stroke-opacity: .25; } }
@keyframes enter { from { opacity: 0; } to { opacity: 1; } }
.graph-foot { display: flex; justify-content: space-between; gap: 10px; flex-wrap: wrap; margin-top: 8px; font-size: 12.5px; color: var(--muted); min-height: 22px; }
.select { user-select: all; }

#rates { display: grid; gap: 4px; }
.rate { display: grid; grid-template-columns: 1fr auto; grid-template-rows: auto auto; column-gap: 10px; padding: 6px 0; border-bottom: 1px solid var(--line); }
.rate:last-child { border-bottom: 0; }
.rate-label { color: var(--muted); font-size: 12.5px; }
.rate-value { font-size: 18px; font-weight: 650; font-variant-numeric: tabular-nums; text-align: right; }
.rate-value small { font-size: 11px; color: var(--muted); font-weight: 500; }
.rate .spark { width: 100%; height: 30px; grid-column: 1; }
.rate-peak { font-size: 11px; color: var(--muted); text-align: right; align-self: end; }
.spark .base { stroke: var(--line); stroke-width: 1; }
.spark .stroke { fill: none; stroke: var(--accent); stroke-width: 1.6; vector-effect: non-scaling-stroke; }
.spark .area { fill: color-mix(in srgb, var(--accent) 14%, transparent); }
.rate.dropped .spark .stroke, .rate.nacks .spark .stroke { stroke: var(--warn); }
.rate.dropped .spark .area, .rate.nacks .spark .area { fill: color-mix(in srgb, var(--warn) 14%, transparent); }

.stack { display: flex; height: 10px; border-radius: 6px; overflow: hidden; background: var(--panel-2); border: 1px solid var(--line); }
.stack .seg { display: block; height: 100%; }
.seg.attached, .swatch.attached { background: var(--attached); }
.seg.announced, .swatch.announced { background: var(--announced); }
.seg.lookup, .swatch.lookup { background: var(--lookup); }
.origins { display: flex; gap: 16px; flex-wrap: wrap; margin: 8px 0 10px; font-size: 12.5px; color: var(--muted); }
.origins b { color: var(--text); }
.swatch { display: inline-block; width: 9px; height: 9px; border-radius: 3px; margin-right: 5px; }

.migration { padding: 8px 0 10px; border-bottom: 1px solid var(--line); }
.migration-head { margin-bottom: 6px; }
.progress { height: 10px; border-radius: 6px; background: var(--panel-2); border: 1px solid var(--line); overflow: hidden; }
.progress span { display: block; height: 100%; background: linear-gradient(90deg, var(--accent), color-mix(in srgb, var(--accent) 60%, var(--ok))); transition: width .6s ease; }
.progress.unknown span { background: repeating-linear-gradient(45deg, color-mix(in srgb, var(--accent) 35%, transparent) 0 8px, transparent 8px 16px); background-size: 200% 100%; animation: stripes 1.2s linear infinite; }
@keyframes stripes { to { background-position: -45px 0; } }
.migration-foot { font-size: 12px; margin-top: 4px; }

#token-panel { display: grid; place-items: center; min-height: 70vh; padding: 24px; }
form.auth { width: min(460px, 100%); display: grid; gap: 12px; }
form.auth h2 { margin: 0; font-size: 18px; }
form.auth p { margin: 0; color: var(--muted); }
form.auth input { font: inherit; font-family: var(--mono); padding: 9px 11px; border-radius: 8px; border: 1px solid var(--line); background: var(--panel-2); color: var(--text); }
form.auth input:focus { outline: 2px solid color-mix(in srgb, var(--accent) 40%, transparent); border-color: var(--accent); }
.error { color: var(--bad) !important; }
code { font-family: var(--mono); font-size: 12.5px; background: var(--panel-2); padding: 1px 5px; border-radius: 4px; border: 1px solid var(--line); }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 0 24px 24px; }
`

/** The kinds of node and link, as the graph draws them. */
const LEGEND = `
<span><svg viewBox="-20 -20 40 40"><polygon points="15.59,9 0,18 -15.59,9 -15.59,-9 0,-18 15.59,-9" style="fill: var(--neutral)"/></svg>router</span>
<span><svg viewBox="-20 -20 40 40"><rect x="-15" y="-15" width="30" height="30" rx="6" style="fill: var(--neutral)"/></svg>server</span>
<span><svg viewBox="-20 -20 40 40"><circle r="11" style="fill: none; stroke: var(--neutral); stroke-width: 3"/></svg>edge client</span>
<span><i class="line"></i>PDU link</span>
<span><i class="line connection"></i>connection</span>
<span><i class="line route"></i>route</span>`

const LOGO = '<svg viewBox="0 0 32 32" aria-hidden="true"><rect x="2" y="2" width="28" height="28" rx="8" style="fill: var(--accent)"/><path d="M9 21l7-10 7 10M12.5 16h7" stroke="#fff" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>'

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>gdp node</title>
<style>${STYLE}</style>
</head>
<body data-state="starting" data-polls="0">
<header class="top">
  <div class="brand">${LOGO}<span>gdp</span></div>
  <div class="ident">
    <h1 id="node-name">&mdash;</h1><span id="node-role" class="badge"></span>
    <div class="meta"><span id="node-domain"></span><span id="node-fullname" class="mono"></span><span id="node-meta"></span></div>
  </div>
  <div class="live" id="live"><span class="dot"></span><span id="live-text">starting&hellip;</span></div>
  <button id="forget-token" type="button" title="Forget the token in this tab">Sign out</button>
</header>

<section id="token-panel" hidden>
  <form id="token-form" class="card auth" autocomplete="off">
    <h2>Admin token</h2>
    <p>This page reads the node's admin API. Paste the token from the node's <code>admin.token</code> file (in its data folder). It stays in this tab and goes to the node only in the <code>Authorization</code> header.</p>
    <p id="token-error" class="error" role="alert" hidden></p>
    <input id="token-input" type="password" name="token" placeholder="admin token" spellcheck="false" required aria-label="admin token">
    <button type="submit" class="primary">Open the dashboard</button>
  </form>
</section>

<main id="dashboard" hidden>
  <section class="tiles" id="tiles"></section>
  <div class="row">
    <section class="card" id="overlay-card">
      <div class="graph-head"><h2>Overlay <span class="count" id="graph-summary"></span></h2><div class="legend">${LEGEND}</div></div>
      <div class="graph-wrap"><svg id="graph" role="img" aria-label="the overlay as this node sees it" data-nodes="0" data-links="0"></svg></div>
      <div class="graph-foot"><span id="graph-detail"></span><span id="graph-domains" class="chips"></span></div>
    </section>
    <section class="card" id="rates-card"><h2>PDU rates <span class="count">per second, last minute</span></h2><div id="rates"></div></section>
  </div>
  <div class="row">
    <section class="card" id="capsules-card"><h2>Capsules <span class="count" id="capsules-count"></span></h2><div id="capsules"></div></section>
    <section class="card" id="migrations-card"><h2>Migrations</h2><div id="migrations"></div></section>
  </div>
  <div class="row full">
    <section class="card" id="peers-card"><h2>Peers <span class="count" id="peers-count"></span></h2><div id="peers"></div></section>
  </div>
  <div class="row halves">
    <section class="card" id="routes-card"><h2>Routes</h2><div id="routes"></div></section>
    <section class="card" id="certs-card"><h2>Certificates</h2><div id="certs"></div></section>
  </div>
</main>
<footer>Reads this node's admin API every second while the page is visible; capsules and certificates every five seconds.</footer>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`

/** The dashboard page: the same document every time, built once per call (the server keeps it). */
export function dashboardPage (): string {
  return PAGE
}

/**
 * The content security policy the page is served with: nothing from
 * elsewhere, no framing, no <base> or form sending anything away, and of
 * scripts only the page's own, by its hash. 'unsafe-inline' ran any inline
 * script or event handler too, so one flaw that let a peer's text become
 * markup would have run it, with the admin token the tab keeps.
 */
export function dashboardPolicy (): string {
  const scriptHash = createHash('sha256').update(DASHBOARD_SCRIPT, 'utf8').digest('base64')
  return `default-src 'self'; script-src 'sha256-${scriptHash}'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`
}
