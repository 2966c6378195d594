// Checks in a real Chromium that Swagger UI at /docs works as a person uses it:
// "Authorize" with a bearer token, then "Try it out" -> "Execute" on a customer operation
// (GET /api/v1/me, getCurrentUser, tag "Accounts") and on admin operations
// (GET /api/v1/admin/products, listAllProducts, tag "Admin: catalog"; GET /api/v1/admin/orders,
// listAllOrders, tag "Admin: orders"), each in its own browser context with its own token.
// It reads the live answer (status and body) from the page, records what the page sent
// (the Authorization header of each /api/ request) and fails unless every call answers 200.
// It saves a screenshot of the admin products answer.
//
// How to run it:
//   1. A running Bodega with a first administrator, e.g. from a built jar:
//        BODEGA_DATA_DIR=/tmp/docs-check-data SERVER_PORT=8097 BODEGA_ADMIN_EMAIL=admin@bodega.test \
//        BODEGA_ADMIN_PASSWORD='Quartz-Lantern-Meadow-Orbit-71' java -jar target/bodega.jar
//   2. Tokens: the admin's from POST /api/v1/auth/login, a customer's from POST /api/v1/auth/register
//      then POST /api/v1/auth/login (see README.md).
//   3. Debian's Chromium (apt-get install chromium, gives /usr/bin/chromium) and, in a temporary
//      folder outside the repository, `npm install playwright-core`; copy or point node at this file there:
//        cd /tmp/docs-check && npm install playwright-core && cp <repo>/docs/tools/swagger-ui-check.mjs . &&
//        BASE_URL=http://127.0.0.1:8097 ADMIN_TOKEN=... CUSTOMER_TOKEN=... \
//        SCREENSHOT=<repo>/docs/swagger-ui-try-it-out.png node swagger-ui-check.mjs
//   Environment: BASE_URL (default http://127.0.0.1:8097), ADMIN_TOKEN and CUSTOMER_TOKEN (both required),
//   SCREENSHOT (default swagger-ui-try-it-out.png), CHROMIUM (default /usr/bin/chromium).
//   Exit code 0 when every call answered 200, 1 otherwise.

import { chromium } from 'playwright-core';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:8097';
const adminToken = process.env.ADMIN_TOKEN;
const customerToken = process.env.CUSTOMER_TOKEN;
const screenshot = process.env.SCREENSHOT ?? 'swagger-ui-try-it-out.png';
if (!adminToken || !customerToken) {
  console.error('ADMIN_TOKEN and CUSTOMER_TOKEN are required');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// The element id Swagger UI gives an operation: operations-<tag>-<operationId>, the tag with spaces as _
// and then CSS-escaped into the id itself ("Admin: orders" gives the literal id operations-Admin\:_orders-...);
// XPath matches it as it is.
const opId = (tag, operationId) => `operations-${tag.replace(/\s/g, '_').replace(/[:.]/g, '\\$&')}-${operationId}`;

async function tryItOut({ label, token, tag, operationId, params = {}, shot }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const sent = [];
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  page.on('request', async (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) {
      const h = await r.allHeaders();
      sent.push({ method: r.method(), url: r.url(), authorization: h.authorization ?? null,
        cookie: h.cookie ?? null, origin: h.origin ?? null });
    }
  });
  const answers = [];
  page.on('response', async (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) answers.push({ url: r.url(), status: r.status() });
  });

  await page.goto(`${base}/docs`, { waitUntil: 'networkidle' });
  await page.locator('.swagger-ui .info .title').waitFor();

  // Authorize: the bearer (http, Bearer) field
  await page.locator('.auth-wrapper button.authorize').click();
  const modal = page.locator('.modal-ux');
  await modal.waitFor();
  const bearer = modal.locator('.auth-container').filter({ hasText: 'bearer (http, Bearer)' });
  await bearer.locator('input').fill(token);
  await bearer.locator('button.authorize').click();
  await bearer.locator('button', { hasText: 'Logout' }).waitFor(); // authorised
  await bearer.locator('button.btn-done').click();
  await modal.waitFor({ state: 'detached' });

  // The operation: expand, Try it out, fill parameters, Execute
  const op = page.locator(`xpath=//*[@id='${opId(tag, operationId)}']`);
  await op.scrollIntoViewIfNeeded();
  await op.locator('.opblock-summary-control').click();
  await op.locator('button.try-out__btn').click();
  // Try it out fills each parameter from the document (its example, else its default); set the ones given:
  // null picks "--" (not sent) in an enum's select, anything else is typed into the field
  for (const [name, value] of Object.entries(params)) {
    const row = op.locator(`tr[data-param-name="${name}"]`);
    if (value === null) await row.locator('select').selectOption({ label: '--' });
    else await row.locator('input').fill(String(value));
  }
  await op.locator('button.execute').click();
  const live = op.locator('.live-responses-table .response');
  await live.first().waitFor({ timeout: 15000 });
  const status = (await live.first().locator('.response-col_status').innerText()).trim();
  const body = (await live.first().locator('.response-col_description pre').first().innerText()).trim();
  const requestUrl = (await op.locator('.request-url pre').innerText().catch(() => '')).trim();
  const curl = (await op.locator('.curl-command').innerText().catch(() => '')).trim();

  if (shot) {
    // The page's top (title, the Authorize button shown as authorised), then this operation with its
    // parameters, the request sent (curl, request URL) and the live answer, down to the end of that answer.
    // The other operations and tags are hidden (display: none only), so the picture stays readable.
    const clip = await page.evaluate((id) => {
      const block = document.getElementById(id);
      for (const section of document.querySelectorAll('.swagger-ui .opblock-tag-section')) {
        if (!section.contains(block)) section.style.display = 'none';
      }
      for (const other of document.querySelectorAll('.swagger-ui .opblock')) {
        if (other !== block) other.style.display = 'none';
      }
      window.scrollTo(0, 0);
      const end = block.querySelector('.live-responses-table').getBoundingClientRect();
      return { x: 0, y: 0, width: document.documentElement.clientWidth, height: Math.ceil(end.bottom + 16) };
    }, opId(tag, operationId));
    await page.screenshot({ path: shot, clip, fullPage: true });
  }
  await context.close();
  const ok = status === '200';
  console.log(JSON.stringify({ label, operationId, ok, status, requestUrl, sent, answers, curl,
    body: body.length > 600 ? body.slice(0, 600) + '…' : body, problems }, null, 2));
  return ok;
}

const results = [];
results.push(await tryItOut({ label: 'customer', token: customerToken, tag: 'Accounts', operationId: 'getCurrentUser' }));
results.push(await tryItOut({ label: 'admin', token: adminToken, tag: 'Admin: orders', operationId: 'listAllOrders' }));
results.push(await tryItOut({ label: 'admin', token: adminToken, tag: 'Admin: catalog', operationId: 'listAllProducts',
  params: { status: null, sort: null, limit: 2 }, shot: screenshot }));
await browser.close();

const failed = results.filter((ok) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
