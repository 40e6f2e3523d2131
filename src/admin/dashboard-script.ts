/**
 * The dashboard's script (src/admin/dashboard.ts puts it in the page): it
 * reads the admin views with the operator's token and draws them. Plain
 * browser JavaScript in a string, since the node's build has no DOM types;
 * test/admin/dashboard.test.ts compiles it and runs it in Chromium. It
 * builds every element with createElement and textContent, never HTML from
 * data, so a name or an address a peer chose cannot become markup.
 */
export const DASHBOARD_SCRIPT = String.raw`'use strict'
;(() => {
  const TOKEN_KEY = 'gdp-admin-token'
  /** Between two polls while the node answers. */
  const POLL_MS = 1000
  /** The capsule and certificate views read the store: every this many polls only. */
  const STORE_VIEW_EVERY = 5
  /** A view that takes longer than this counts as a failed poll. */
  const REQUEST_TIMEOUT_MS = 5000
  /** A Date header is to the second and comes a moment after it was written: a node's clock closer than this to the browser's is taken as the same. */
  const CLOCK_SLACK_MS = 3000
  /** After failures the poll interval doubles up to this. */
  const MAX_RETRY_MS = 15000
  /** Rate samples the sparklines show: a minute at one poll a second. */
  const RATE_SAMPLES = 60
  /** The overlay graph: slot width and row height (SVG units), leaf nodes side by side under one parent before a new row starts. */
  const SLOT_W = 100
  const ROW_H = 96
  const LEAVES_PER_ROW = 4
  const KIND_RANK = { router: 0, server: 1, client: 2 }
  const SVG_NS = 'http://www.w3.org/2000/svg'
  /** PDU counters of /v1/status whose growth the rates panel shows. */
  const RATE_SERIES = [
    { key: 'received', label: 'PDUs received', read: (s) => s.forwarder && s.forwarder.received },
    { key: 'forwarded', label: 'forwarded', read: (s) => s.forwarder && s.forwarder.forwarded },
    { key: 'delivered', label: 'delivered here', read: (s) => s.forwarder && s.forwarder.delivered },
    { key: 'dropped', label: 'dropped', read: (s) => s.forwarder && s.forwarder.dropped },
    { key: 'nacks', label: 'NACKs', read: (s) => sum(s.forwarder && s.forwarder.nacks) },
    { key: 'framesIn', label: 'frames in', read: (s) => s.transport && s.transport.framesIn },
    { key: 'framesOut', label: 'frames out', read: (s) => s.transport && s.transport.framesOut }
  ]

  const state = {
    token: null,
    /** Bumped at each start and stop: a poll of an older session drops what it fetched. */
    session: 0,
    timer: 0,
    ticks: 0,
    polls: 0,
    failures: 0,
    lastCounts: null,
    rates: new Map(RATE_SERIES.map((r) => [r.key, []])),
    rendered: new Map(),
    shownNodes: null,
    /** How far the node's clock is ahead of this browser's, by its answers' Date (0 within CLOCK_SLACK_MS). */
    nodeClockAheadMs: 0
  }

  const $ = (id) => document.getElementById(id)

  function fill (element, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue
      element.setAttribute(k, v === true ? '' : String(v))
    }
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue
      element.append(c instanceof Node ? c : String(c))
    }
    return element
  }
  const h = (tag, attrs, ...children) => fill(document.createElement(tag), attrs, children)
  const svg = (tag, attrs, ...children) => fill(document.createElementNS(SVG_NS, tag), attrs, children)
  /** Replaces what an element holds; children as h() takes them (nested arrays, nulls skipped). */
  const put = (element, ...children) => { element.replaceChildren(); return fill(element, {}, children) }

  function sum (counts) {
    let total = 0
    for (const v of Object.values(counts || {})) total += Number(v) || 0
    return total
  }

  /** A 43-character name as its first 8 characters; the whole name shows on hover. */
  const short = (name) => typeof name === 'string' && name.length > 12 ? name.slice(0, 8) + '\u2026' : String(name == null ? '\u2014' : name)
  const nameEl = (name, extra) => h('span', { class: 'name mono' + (extra ? ' ' + extra : ''), title: name }, short(name))

  function fmtCount (n) {
    n = Number(n) || 0
    if (n >= 1e9) return (n / 1e9).toFixed(1) + 'G'
    if (n >= 1e6) return (n / 1e6).toFixed(1) + 'M'
    if (n >= 1e4) return (n / 1e3).toFixed(1) + 'k'
    return String(Math.round(n))
  }
  const fmtRate = (r) => r === 0 ? '0' : r < 10 ? r.toFixed(1) : fmtCount(r)
  function fmtBytes (b) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
    let i = 0
    b = Number(b) || 0
    while (b >= 1024 && i < units.length - 1) { b /= 1024; i++ }
    return (i === 0 ? String(b) : b.toFixed(b < 10 ? 1 : 0)) + ' ' + units[i]
  }
  function fmtDuration (seconds) {
    const s = Math.max(0, Math.round(seconds))
    if (s < 60) return s + ' s'
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s'
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min'
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h'
  }
  function relTime (iso) {
    const at = Date.parse(iso)
    if (!Number.isFinite(at)) return '\u2014'
    // Against the node's clock: the times are the node's, and a browser whose clock was off by an hour showed a
    // certificate that was valid for an hour as expired.
    const d = (at - (Date.now() + state.nodeClockAheadMs)) / 1000
    return d >= 0 ? 'in ' + fmtDuration(d) : fmtDuration(-d) + ' ago'
  }
  /** A time shown relative to now; refreshTimes() keeps it current between renders. */
  const timeEl = (iso) => h('span', { 'data-at': iso, title: iso }, relTime(iso))
  function refreshTimes () {
    for (const el of document.querySelectorAll('[data-at]')) el.textContent = relTime(el.getAttribute('data-at'))
  }

  /** A domain's hue, from its name: the same domain has the same colour on every page. */
  function domainHue (domain) {
    let x = 2166136261
    for (let i = 0; i < domain.length; i++) x = Math.imul(x ^ domain.charCodeAt(i), 16777619)
    return (x >>> 0) % 360
  }
  const domainColor = (domain) => 'hsl(' + domainHue(domain) + ' 62% 52%)'
  const domainChip = (domain) => h('span', { class: 'chip domain', title: 'domain ' + domain, style: '--c: ' + domainColor(domain) }, h('i'), short(domain))
  const badge = (text, kind) => h('span', { class: 'badge ' + (kind || String(text)) }, String(text))

  function table (columns, rows, empty) {
    if (rows.length === 0) return h('p', { class: 'empty' }, empty)
    return h('table', {}, h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: c.endsWith('#') ? 'num' : null }, c.replace(/#$/, ''))))), h('tbody', {}, rows))
  }

  /** Whether a section's data differs from what it shows: unchanged sections keep their DOM (and the operator's selection). */
  function changed (key, value) {
    const json = JSON.stringify(value)
    if (state.rendered.get(key) === json) return false
    state.rendered.set(key, json)
    return true
  }

  // ---- token and polling ----

  function storage (op, value) {
    try {
      if (op === 'get') return sessionStorage.getItem(TOKEN_KEY)
      if (op === 'set') sessionStorage.setItem(TOKEN_KEY, value)
      else sessionStorage.removeItem(TOKEN_KEY)
    } catch {
      // Storage off (a private mode, a policy): the token lives as long as the page.
    }
    return null
  }

  /** The token in the fragment (#token=...), taken out of the address bar and the history once read. */
  function tokenFromFragment () {
    if (location.hash.length < 2) return null
    const params = new URLSearchParams(location.hash.slice(1))
    const token = params.get('token')
    if (token === null) return null
    params.delete('token')
    const rest = params.toString()
    history.replaceState(null, '', location.pathname + location.search + (rest ? '#' + rest : ''))
    return token.trim() || null
  }

  function setLive (kind, text) {
    document.body.dataset.state = kind
    $('live-text').textContent = text
  }

  function askForToken (message) {
    stop()
    state.token = null
    storage('remove')
    setLive('auth', 'token needed')
    $('dashboard').hidden = true
    $('token-panel').hidden = false
    const error = $('token-error')
    error.textContent = message || ''
    error.hidden = !message
    const input = $('token-input')
    input.value = ''
    input.focus()
  }

  function useToken (token) {
    state.token = token
    storage('set', token)
    state.rendered.clear()
    state.shownNodes = null
    for (const samples of state.rates.values()) samples.length = 0
    start()
  }

  function stop () {
    clearTimeout(state.timer)
    state.timer = 0
    state.session++
    // The next sample after a pause starts a new interval rather than averaging over the pause.
    state.lastCounts = null
  }

  function start () {
    stop()
    $('token-panel').hidden = true
    $('dashboard').hidden = false
    if (document.hidden) { setLive('paused', 'paused while the page is hidden'); return }
    if (state.polls === 0) setLive('connecting', 'connecting\u2026')
    poll(state.session)
  }

  function schedule (session, ms) {
    if (session !== state.session || document.hidden) return
    state.timer = setTimeout(() => { poll(session) }, ms)
  }

  /**
   * Takes the node's clock from an answer's Date header (to the second,
   * sent before it arrived here): off by more than CLOCK_SLACK_MS, relative
   * times are shown against it, not this browser's clock.
   */
  function noteNodeClock (date) {
    const served = Date.parse(date || '')
    if (!Number.isFinite(served)) return
    const ahead = served - Date.now()
    state.nodeClockAheadMs = Math.abs(ahead) > CLOCK_SLACK_MS ? ahead : 0
  }

  async function view (path) {
    const controller = new AbortController()
    const timer = setTimeout(() => { controller.abort() }, REQUEST_TIMEOUT_MS)
    try {
      const response = await fetch('/v1/' + path, { headers: { authorization: 'Bearer ' + state.token }, cache: 'no-store', signal: controller.signal })
      const body = await response.json().catch(() => null)
      noteNodeClock(response.headers.get('date'))
      if (!response.ok) {
        const err = new Error((body && body.message) || '/v1/' + path + ' answered HTTP ' + response.status)
        err.status = response.status
        throw err
      }
      return body
    } catch (err) {
      if (err.name === 'AbortError') throw new Error('/v1/' + path + ' gave no answer within ' + REQUEST_TIMEOUT_MS / 1000 + ' s')
      if (err instanceof TypeError) throw new Error('the node does not answer (' + err.message + ')')
      throw err
    } finally {
      clearTimeout(timer)
    }
  }

  async function poll (session) {
    state.timer = 0
    const paths = ['status', 'topology', 'peers', 'routes', 'migrations']
    if (state.ticks++ % STORE_VIEW_EVERY === 0) paths.push('capsules', 'certs')
    let results
    try {
      results = await Promise.all(paths.map(view))
    } catch (err) {
      if (session !== state.session) return
      if (err.status === 401) { askForToken('The node refused this token: ' + err.message); return }
      state.failures++
      setLive('error', err.message)
      schedule(session, Math.min(MAX_RETRY_MS, POLL_MS * 2 ** state.failures))
      return
    }
    if (session !== state.session) return
    state.failures = 0
    const views = {}
    paths.forEach((p, i) => { views[p] = results[i] })
    try {
      render(views)
      state.polls++
      document.body.dataset.polls = String(state.polls)
      setLive('live', 'live \u00b7 ' + new Date().toLocaleTimeString())
    } catch (err) {
      setLive('error', 'could not draw the views: ' + err.message)
    }
    schedule(session, POLL_MS)
  }

  // ---- rendering ----

  function render (v) {
    renderHeader(v.status)
    sampleRates(v.status)
    renderTiles(v.status, v.migrations)
    renderRates()
    renderGraph(v.topology, v.status)
    renderPeers(v.peers)
    renderRoutes(v.routes)
    renderMigrations(v.migrations)
    if (v.capsules !== undefined) renderCapsules(v.capsules, v.status)
    if (v.certs !== undefined) renderCerts(v.certs)
    refreshTimes()
  }

  function renderHeader (s) {
    const name = $('node-name')
    name.textContent = short(s.name)
    name.title = s.name
    $('node-fullname').textContent = s.name
    const role = $('node-role')
    role.textContent = s.role
    role.className = 'badge ' + s.role
    put($('node-domain'), s.domain ? domainChip(s.domain) : h('span', { class: 'muted' }, 'no domain'))
    const meta = ['up ' + fmtDuration(s.uptimeSeconds), 'pid ' + s.pid]
    if (s.version) meta.push('v' + s.version)
    $('node-meta').textContent = meta.join(' \u00b7 ')
    document.title = short(s.name) + ' \u00b7 gdp ' + s.role
  }

  function sampleRates (s) {
    const at = performance.now()
    const counts = RATE_SERIES.map((r) => Number(r.read(s)) || 0)
    const last = state.lastCounts
    if (last !== null) {
      const seconds = (at - last.at) / 1000
      RATE_SERIES.forEach((r, i) => {
        const grown = counts[i] - last.counts[i]
        const samples = state.rates.get(r.key)
        // A count that went down means the node restarted: this interval says nothing.
        samples.push(grown < 0 || seconds <= 0 ? 0 : grown / seconds)
        if (samples.length > RATE_SAMPLES) samples.shift()
      })
    }
    state.lastCounts = { at, counts }
  }

  const currentRate = (key) => { const s = state.rates.get(key); return s.length === 0 ? 0 : s[s.length - 1] }

  function tile (id, label, value, note, tone) {
    return h('div', { class: 'tile' + (tone ? ' ' + tone : ''), id: 'tile-' + id }, h('div', { class: 'tile-label' }, label), h('div', { class: 'tile-value' }, value), note ? h('div', { class: 'tile-note' }, note) : null)
  }

  function renderTiles (s, migrations) {
    const refused = sum(s.rejectedAdvertisements)
    const sending = (migrations && migrations.sending) || []
    put($('tiles'),
      tile('neighbours', 'PDU links', String((s.neighbours || []).length), s.upstream ? 'upstream ' + short(s.upstream) : 'no upstream'),
      tile('routes', 'Capsule routes', fmtCount(s.routes)),
      tile('hosted', 'Capsules stored', fmtCount(s.hosted), s.role === 'server' ? fmtCount(s.subscriptions) + ' subscriptions' : 'not a server'),
      tile('pdus', 'PDUs / s', fmtRate(currentRate('received')), fmtRate(currentRate('forwarded')) + ' forwarded / s'),
      tile('migrations', 'Migrations', String(sending.length), sending.length > 0 ? 'in flight' : 'none in flight'),
      tile('refused', 'Certificates refused', fmtCount(refused), refused > 0 ? 'see Certificates' : 'none', refused > 0 ? 'warn' : null)
    )
  }

  function sparkline (samples) {
    const W = 140
    const H = 30
    const peak = Math.max(1, ...samples)
    const step = W / (RATE_SAMPLES - 1)
    const x0 = W - (samples.length - 1) * step
    const points = samples.map((v, i) => (x0 + i * step).toFixed(1) + ',' + (H - 2 - (v / peak) * (H - 4)).toFixed(1))
    return svg('svg', { class: 'spark', viewBox: '0 0 ' + W + ' ' + H, preserveAspectRatio: 'none', 'aria-hidden': 'true' },
      svg('line', { class: 'base', x1: 0, y1: H - 1.5, x2: W, y2: H - 1.5 }),
      samples.length > 1
        ? [svg('polygon', { class: 'area', points: points.join(' ') + ' ' + W + ',' + H + ' ' + x0.toFixed(1) + ',' + H }), svg('polyline', { class: 'stroke', points: points.join(' ') })]
        : null)
  }

  function renderRates () {
    put($('rates'), RATE_SERIES.map((r) => {
      const samples = state.rates.get(r.key)
      const now = currentRate(r.key)
      const peak = samples.length === 0 ? 0 : Math.max(...samples)
      return h('div', { class: 'rate ' + r.key, 'data-series': r.key, 'data-rate': now.toFixed(2), 'data-peak': peak.toFixed(2) },
        h('div', { class: 'rate-label' }, r.label),
        h('div', { class: 'rate-value' }, fmtRate(now), h('small', {}, ' /s')),
        sparkline(samples),
        h('div', { class: 'rate-peak' }, 'peak ' + fmtRate(peak) + ' /s'))
    }))
  }

  // ---- the overlay graph ----

  /**
   * Positions (in slots and rows) for the overlay: a spanning tree by
   * breadth-first search from this node, its upstream's side drawn above
   * it and the rest below; leaves under one parent fill rows of
   * LEAVES_PER_ROW, so a router with many servers grows down, not wide.
   * Deterministic: the same topology always gives the same picture.
   */
  function layoutOverlay (topology, upstream) {
    const nodes = new Map(topology.nodes.map((n) => [n.id, n]))
    const cmp = (a, b) => a < b ? -1 : a > b ? 1 : 0
    const byRank = (a, b) => {
      const x = nodes.get(a)
      const y = nodes.get(b)
      return (KIND_RANK[x.kind] ?? 3) - (KIND_RANK[y.kind] ?? 3) || cmp(x.domain || '~', y.domain || '~') || cmp(a, b)
    }
    const adjacent = new Map([...nodes.keys()].map((id) => [id, new Set()]))
    for (const l of topology.links) {
      if (!nodes.has(l.from) || !nodes.has(l.to) || l.from === l.to) continue
      adjacent.get(l.from).add(l.to)
      adjacent.get(l.to).add(l.from)
    }
    const self = nodes.has(topology.self) ? topology.self : [...nodes.keys()].sort(cmp)[0]
    const positions = new Map()
    if (self === undefined) return { positions, minRow: 0, maxRow: 0, width: 1 }
    const children = new Map()
    const reached = new Set([self])
    const queue = [self]
    for (let i = 0; i < queue.length; i++) {
      const kids = [...adjacent.get(queue[i])].filter((k) => !reached.has(k)).sort(byRank)
      for (const k of kids) { reached.add(k); queue.push(k) }
      children.set(queue[i], kids)
    }
    // A node no link reaches (the views should not give one) still shows, under this node.
    for (const id of [...nodes.keys()].filter((k) => !reached.has(k)).sort(byRank)) { children.set(id, []); children.get(self).push(id) }

    const up = upstream && children.get(self).includes(upstream) ? upstream : null
    const measured = new Map()
    function measure (id, kids) {
      const leaves = kids.filter((k) => children.get(k).length === 0)
      const branches = kids.filter((k) => children.get(k).length > 0)
      let width = 0
      let rows = 0
      for (const b of branches) {
        const m = measure(b, children.get(b))
        width += m.width
        rows = Math.max(rows, 1 + m.rows)
      }
      const cols = Math.min(LEAVES_PER_ROW, leaves.length)
      if (cols > 0) { width += cols; rows = Math.max(rows, Math.ceil(leaves.length / cols)) }
      const m = { width: Math.max(1, width), rows, leaves, branches, cols }
      measured.set(id, m)
      return m
    }
    function place (id, left, row, dir) {
      const m = measured.get(id)
      positions.set(id, { x: left + m.width / 2, row })
      let x = left + (m.width - sumWidths(m)) / 2
      for (const b of m.branches) { place(b, x, row + dir, dir); x += measured.get(b).width }
      m.leaves.forEach((leaf, i) => { positions.set(leaf, { x: x + (i % m.cols) + 0.5, row: row + dir * (1 + Math.floor(i / m.cols)) }) })
    }
    const sumWidths = (m) => m.branches.reduce((w, b) => w + measured.get(b).width, 0) + m.cols
    const below = measure(self, children.get(self).filter((k) => k !== up))
    const above = up === null ? null : measure(up, children.get(up))
    const width = Math.max(below.width, above === null ? 0 : above.width)
    place(self, (width - below.width) / 2, 0, 1)
    if (up !== null) place(up, (width - above.width) / 2, -1, -1)
    let minRow = 0
    let maxRow = 0
    for (const p of positions.values()) { minRow = Math.min(minRow, p.row); maxRow = Math.max(maxRow, p.row) }
    return { positions, minRow, maxRow, width }
  }

  function hexagon (r) {
    const points = []
    for (let i = 0; i < 6; i++) {
      const a = Math.PI / 6 + (i * Math.PI) / 3
      points.push((r * Math.cos(a)).toFixed(2) + ',' + (r * Math.sin(a)).toFixed(2))
    }
    return points.join(' ')
  }

  function nodeShape (kind) {
    if (kind === 'router') return [svg('polygon', { class: 'shape', points: hexagon(18) }), svg('circle', { class: 'glyph', r: 4 })]
    if (kind === 'server') return [svg('rect', { class: 'shape', x: -15, y: -15, width: 30, height: 30, rx: 6 }), svg('path', { class: 'glyph', d: 'M-7 -5h14M-7 0h14M-7 5h14' })]
    return [svg('circle', { class: 'shape', r: 11 })]
  }

  const LINK_TEXT = { link: 'PDU link', connection: 'connection, no PDU link yet', route: 'route through this router' }

  function renderGraph (topology, status) {
    if (!changed('topology', [topology, status.upstream])) return
    const { positions, minRow, maxRow, width } = layoutOverlay(topology, status.upstream)
    const px = (p) => ({ x: p.x * SLOT_W, y: (p.row - minRow) * ROW_H + 46 })
    const viewWidth = Math.max(640, width * SLOT_W)
    const shift = (viewWidth - width * SLOT_W) / 2
    const at = new Map([...positions].map(([id, p]) => { const q = px(p); return [id, { x: q.x + shift, y: q.y }] }))
    const viewHeight = (maxRow - minRow) * ROW_H + 120
    const nodes = new Map(topology.nodes.map((n) => [n.id, n]))

    // Domains as regions: the box around their nodes, drawn under everything else.
    const domains = new Map()
    for (const n of topology.nodes) if (n.domain && at.has(n.id)) domains.set(n.domain, [...(domains.get(n.domain) || []), at.get(n.id)])
    const regions = [...domains].map(([domain, points]) => {
      const xs = points.map((p) => p.x)
      const ys = points.map((p) => p.y)
      const x = Math.min(...xs) - SLOT_W / 2 + 6
      const y = Math.min(...ys) - 38
      const w = Math.max(...xs) - Math.min(...xs) + SLOT_W - 12
      const hh = Math.max(...ys) - Math.min(...ys) + 92
      return svg('g', { class: 'region', 'data-domain': domain, style: '--c: ' + domainColor(domain) },
        svg('rect', { x, y, width: w, height: hh, rx: 14 }),
        svg('text', { x: x + 10, y: y + 15 }, 'domain ' + short(domain)),
        svg('title', {}, 'domain ' + domain))
    })

    const links = topology.links.filter((l) => at.has(l.from) && at.has(l.to)).map((l) => {
      const a = at.get(l.from)
      const b = at.get(l.to)
      const mid = (a.y + b.y) / 2
      const d = a.y === b.y ? 'M' + a.x + ' ' + a.y + 'L' + b.x + ' ' + b.y : 'M' + a.x + ' ' + a.y + 'C' + a.x + ' ' + mid + ' ' + b.x + ' ' + mid + ' ' + b.x + ' ' + b.y
      return svg('path', { class: 'edge ' + l.kind, d, 'data-from': l.from, 'data-to': l.to, 'data-kind': l.kind }, svg('title', {}, (LINK_TEXT[l.kind] || l.kind) + ': ' + short(l.from) + ' \u2192 ' + short(l.to)))
    })

    const previous = state.shownNodes
    const drawn = [...at].map(([id, p]) => {
      const n = nodes.get(id)
      const fresh = previous !== null && !previous.has(id)
      const role = n.self ? 'this node' : n.kind
      return svg('g', {
        class: 'node ' + n.kind + (n.self ? ' self' : '') + (fresh ? ' entering' : ''),
        transform: 'translate(' + p.x.toFixed(1) + ' ' + p.y.toFixed(1) + ')',
        style: n.domain ? '--c: ' + domainColor(n.domain) : null,
        tabindex: 0,
        'data-node-id': id,
        'data-kind': n.kind,
        'data-domain': n.domain || '',
        'data-self': n.self ? 'true' : 'false'
      },
      n.self ? svg('circle', { class: 'halo', r: 27 }) : null,
      nodeShape(n.kind),
      svg('text', { class: 'label', y: 34 }, short(id)),
      svg('text', { class: 'sublabel', y: 48 }, role),
      svg('title', {}, n.kind + ' ' + id + (n.domain ? '\ndomain ' + n.domain : '') + (n.self ? '\n(this node)' : '')))
    })
    state.shownNodes = new Set(at.keys())

    const graph = $('graph')
    graph.setAttribute('viewBox', '0 0 ' + viewWidth + ' ' + viewHeight)
    // A wide overlay scrolls rather than shrink its labels past reading.
    graph.style.minWidth = Math.round(viewWidth * 0.75) + 'px'
    put(graph, svg('g', { class: 'regions' }, regions), svg('g', { class: 'edges' }, links), svg('g', { class: 'nodes' }, drawn))
    graph.dataset.nodes = String(at.size)
    graph.dataset.links = String(links.length)

    const counts = { router: 0, server: 0, client: 0 }
    for (const n of topology.nodes) counts[n.kind] = (counts[n.kind] || 0) + 1
    $('graph-summary').textContent = topology.nodes.length + ' nodes \u00b7 ' + counts.router + ' routers \u00b7 ' + counts.server + ' servers \u00b7 ' + counts.client + ' clients \u00b7 ' + links.length + ' links' + (topology.truncated ? ' (the first shown: the node limits its topology view)' : '')
    put($('graph-domains'), [...domains.keys()].sort().map(domainChip))
    showNodeDetail(null)
  }

  function showNodeDetail (id) {
    const graph = $('graph')
    for (const edge of graph.querySelectorAll('.edge.hot')) edge.classList.remove('hot')
    const detail = $('graph-detail')
    if (id === null) { detail.textContent = 'Hover a node for its full name.'; return }
    for (const edge of graph.querySelectorAll('.edge')) if (edge.dataset.from === id || edge.dataset.to === id) edge.classList.add('hot')
    const g = graph.querySelector('[data-node-id="' + CSS.escape(id) + '"]')
    put(detail, badge(g.dataset.kind), ' ', h('span', { class: 'mono select' }, id), g.dataset.domain ? [' in ', domainChip(g.dataset.domain)] : null)
  }

  // ---- tables ----

  function renderPeers (v) {
    const peers = v.peers || []
    $('peers-count').textContent = String(peers.length)
    if (!changed('peers', peers)) return
    const rows = peers.map((p) => h('tr', { 'data-peer': p.name || p.peerId, 'data-kind': p.kind },
      h('td', {}, p.name ? nameEl(p.name) : h('span', { class: 'muted', title: p.peerId }, 'not a gdp node')),
      h('td', {}, badge(p.kind)),
      h('td', {}, p.domain ? domainChip(p.domain) : h('span', { class: 'muted' }, '\u2014')),
      h('td', { class: 'mono addr', title: p.address }, p.address),
      h('td', {}, p.direction === 'inbound' ? 'in' : 'out'),
      h('td', {}, h('span', { class: 'dot ' + (p.linked ? 'on' : 'off') }), p.linked ? 'PDU link' : 'connection'),
      h('td', { class: 'num' }, p.cost == null ? '\u2014' : p.cost + ' ms')))
    put($('peers'), table(['Peer', 'Kind', 'Domain', 'Address', 'Dir', 'Link', 'Cost#'], rows, 'No peer is connected.'))
  }

  function renderRoutes (v) {
    const by = v.byOrigin || {}
    const origins = ['attached', 'announced', 'lookup']
    const total = origins.reduce((t, o) => t + (by[o] || 0), 0)
    const sets = v.sets || []
    if (!changed('routes', v)) return
    const bar = h('div', { class: 'stack', role: 'img', 'aria-label': 'routes by origin' },
      origins.filter((o) => (by[o] || 0) > 0).map((o) => h('span', { class: 'seg ' + o, style: 'width: ' + ((100 * by[o]) / total).toFixed(2) + '%' })))
    const legend = h('div', { class: 'origins', title: 'capsules, by how this node learnt their route' }, h('span', {}, 'Capsules by origin:'), origins.map((o) => h('div', { class: 'origin', 'data-origin': o, 'data-count': by[o] || 0 }, h('i', { class: 'swatch ' + o }), h('b', {}, fmtCount(by[o] || 0)), ' ' + o)))
    const rows = sets.map((s) => h('tr', { 'data-server': s.server, 'data-origin': s.origin, class: s.live ? null : 'stale' },
      h('td', {}, nameEl(s.server)),
      h('td', {}, nameEl(s.nextHop)),
      h('td', {}, badge(s.origin)),
      h('td', {}, s.relayDomain ? domainChip(s.relayDomain) : h('span', { class: 'muted' }, '\u2014')),
      h('td', { class: 'num' }, fmtCount(s.capsules)),
      h('td', {}, s.live ? timeEl(s.expiresAt) : 'expired')))
    put($('routes'),
      h('p', { class: 'lead' }, h('b', {}, fmtCount(v.routes)), ' capsule routes in ', h('b', {}, String(sets.length)), sets.length === 1 ? ' server set' : ' server sets', v.next ? ' (the first page)' : ''),
      bar, legend,
      table(['Server', 'Via', 'Origin', 'Domain', 'Capsules#', 'Expires'], rows, 'No route is held.'))
  }

  function renderMigrations (v) {
    const sending = v.sending || []
    const received = v.received || []
    if (!changed('migrations', v)) return
    const cards = sending.map((m) => {
      const known = typeof m.total === 'number' && m.total > 0
      const pct = known ? Math.min(100, (100 * m.done) / m.total) : 0
      return h('div', { class: 'migration', 'data-migration': m.name },
        h('div', { class: 'migration-head' }, h('b', {}, m.name), ' ', badge(m.mode, 'mode'), m.round === undefined ? null : h('span', { class: 'muted' }, ' round ' + m.round + (m.final ? ' (final)' : ''))),
        h('div', { class: 'progress' + (known ? '' : ' unknown'), role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': known ? Math.round(pct) : null },
          h('span', { style: 'width: ' + (known ? pct.toFixed(1) : 100) + '%' })),
        h('div', { class: 'migration-foot muted' },
          known ? fmtBytes(m.done) + ' of ' + fmtBytes(m.total) + ' (' + Math.round(pct) + '%)' : 'starting\u2026',
          m.sentBytes === undefined ? null : ' \u00b7 sent ' + fmtBytes(m.sentBytes) + ', acknowledged ' + fmtBytes(m.ackedBytes),
          m.bytesPerSecond ? ' \u00b7 ' + fmtBytes(m.bytesPerSecond) + '/s' : null))
    })
    const rows = received.map((m) => h('tr', { 'data-received': m.name }, h('td', {}, m.name), h('td', {}, badge(m.status)), h('td', {}, timeEl(m.startedAt))))
    put($('migrations'),
      cards.length > 0 ? cards : h('p', { class: 'empty' }, 'No migration in flight.'),
      h('h3', {}, 'Received'),
      table(['Name', 'Status', 'Started'], rows, 'None received.'),
      h('p', { class: 'muted small' }, 'Sent ' + (v.sent || 0) + ' \u00b7 failed ' + (v.failed || 0)))
  }

  function renderCapsules (v, status) {
    const capsules = v.capsules || []
    $('capsules-count').textContent = v.total === undefined ? '' : String(v.total)
    if (!changed('capsules', v)) return
    if (v.note) { put($('capsules'), h('p', { class: 'empty' }, 'This node stores no capsules: it is a ' + (v.role || 'router') + '.')); return }
    // A capsule the store cannot open (damaged, or its files unreadable to the node's user) has no kind, size or head to show: its error takes their place.
    const rows = capsules.map((c) => h('tr', { 'data-capsule': c.name, 'data-records': c.records, 'data-replicas': c.replicas.length },
      h('td', {}, nameEl(c.name)),
      c.error ? h('td', { colspan: 3, class: 'damaged', title: c.error.message }, badge(c.error.name === 'StoreAccessError' ? 'unreadable' : 'damaged'), ' ' + c.error.name + ': ' + c.error.message) : [
        h('td', {}, badge(c.kind)),
        h('td', { class: 'num' }, fmtCount(c.records)),
        h('td', {}, c.head === null ? h('span', { class: 'muted' }, 'no heartbeat yet') : ['size ' + c.head.size + ' \u00b7 ', timeEl(c.head.at)])
      ],
      h('td', { class: 'replicas' }, c.replicas.map((r) => h('span', { class: 'chip replica' + (r === status.name ? ' self' : ''), title: r + (r === status.name ? ' (this node)' : '') }, short(r))))))
    put($('capsules'),
      v.payloadBytes == null ? null : h('p', { class: 'lead' }, h('b', {}, fmtBytes(v.payloadBytes)), ' of payload'),
      table(['Capsule', 'Kind', 'Records#', 'Head', 'Replicas'], rows, 'No capsule is stored here yet.'),
      v.next ? h('p', { class: 'muted small' }, 'The first ' + capsules.length + ' of ' + v.total + ' shown.') : null)
  }

  function renderCerts (v) {
    if (!changed('certs', v)) return
    const m = v.membership
    const membership = m === null
      ? h('p', { class: 'empty' }, 'No domain membership: this node routes in no domain of its own.')
      : h('dl', { class: 'facts' },
        h('dt', {}, 'Domain'), h('dd', {}, domainChip(m.domain), ' ', badge(m.valid ? 'valid' : 'expired')),
        h('dt', {}, 'Parent'), h('dd', {}, m.parent ? domainChip(m.parent) : h('span', { class: 'muted' }, 'none (a root)')),
        h('dt', {}, 'Valid until'), h('dd', {}, timeEl(m.notAfter)))
    const trusted = (v.trustedDomains || []).length === 0 ? h('span', { class: 'muted' }, 'none') : v.trustedDomains.map(domainChip)
    const refused = Object.entries(v.refused || {}).sort((a, b) => b[1] - a[1])
    const delegations = v.delegations || []
    put($('certs'),
      membership,
      h('h3', {}, 'Trusted domains'), h('div', { class: 'chips' }, trusted),
      h('h3', {}, 'Refused'),
      table(['Reason', 'Count#'], refused.map(([reason, count]) => h('tr', { 'data-reason': reason }, h('td', { class: 'mono' }, reason), h('td', { class: 'num warn' }, fmtCount(count)))), 'No certificate refused.'),
      h('h3', {}, 'Delegations held (AdCerts)'),
      table(['Capsule', 'Server', 'Not after'], delegations.map((d) => h('tr', { class: d.valid ? null : 'stale' }, h('td', {}, nameEl(d.capsule)), h('td', {}, nameEl(d.server)), h('td', {}, timeEl(d.notAfter)))), 'None.'))
  }

  // ---- wiring ----

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault()
    const token = $('token-input').value.trim()
    if (token) useToken(token)
  })
  $('forget-token').addEventListener('click', () => { askForToken(null) })
  const graph = $('graph')
  for (const type of ['mouseover', 'focusin']) {
    graph.addEventListener(type, (event) => {
      const g = event.target.closest && event.target.closest('[data-node-id]')
      if (g) showNodeDetail(g.dataset.nodeId)
    })
  }
  graph.addEventListener('mouseleave', () => { showNodeDetail(null) })
  document.addEventListener('visibilitychange', () => {
    if (state.token === null) return
    if (document.hidden) { stop(); setLive('paused', 'paused while the page is hidden') } else start()
  })
  // A new #token=... in the same tab (pasted over the old one) takes over.
  window.addEventListener('hashchange', () => {
    const token = tokenFromFragment()
    if (token !== null) useToken(token)
  })

  const token = tokenFromFragment() || storage('get')
  if (token) useToken(token)
  else askForToken(null)
})()
`
