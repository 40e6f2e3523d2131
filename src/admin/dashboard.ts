/** The dashboard page (docs/operations.md): one self-contained HTML document that reads the admin API with the token the operator gives it. */
export function dashboardPage (): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>gdp node</title></head><body><h1>gdp node</h1><pre id="status"></pre><script>
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? sessionStorage.getItem('gdp-admin-token') ?? prompt('admin token')
sessionStorage.setItem('gdp-admin-token', token)
fetch('/v1/status', { headers: { authorization: 'Bearer ' + token } }).then((r) => r.json()).then((s) => { document.getElementById('status').textContent = JSON.stringify(s, null, 2) })
</script></body></html>`
}
