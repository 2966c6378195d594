// One webhook endpoint: its state, enabling and disabling it, rotating its secret (the new one shown once), a test
// event, deleting it, and its deliveries with every attempt, each of which can be replayed. A test event or a replay
// is sent by the server a moment later: the page waits for its attempt and says how it went.
import { html, nothing } from 'lit';
import { api, get, post, query } from '../api.js';
import { Screen, confirmAction, pager } from '../lib/screen.js';
import { dateTime } from '../lib/format.js';
import { handOver, secretPanel, stateClass, stateText } from './parts.js';

// How long the page waits for the attempt of a test event or a replay before it leaves it to the Refresh button.
const WATCH_EVERY_MS = 1000;
const WATCH_AT_MOST = 30;
const STATUSES = ['pending', 'succeeded', 'failed'];

/** "HTTP 200 in 12 ms" or "refused: connection refused, after 3 ms". */
function outcome(attempt) {
  const took = `${attempt.durationMillis} ms`;
  return attempt.status != null ? `HTTP ${attempt.status} in ${took}` : `no answer (${attempt.error}) after ${took}`;
}

class EndpointPage extends Screen {
  static properties = { endpointId: { type: String }, endpoint: { state: true }, deliveries: { state: true },
    statusFilter: { state: true }, secret: { state: true } };

  constructor() {
    super();
    this.statusFilter = '';
  }

  get base() {
    return `/admin/webhooks/${encodeURIComponent(this.endpointId)}`;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    await this.attempt(async () => {
      const [endpoint, deliveries] = await Promise.all([get(this.base), this.fetchDeliveries()]);
      this.endpoint = endpoint;
      this.deliveries = deliveries;
    });
  }

  fetchDeliveries() {
    return get(`${this.base}/deliveries${query({ status: this.statusFilter, cursor: this.cursors.at(-1) })}`);
  }

  async loadDeliveries() {
    const deliveries = await this.attempt(() => this.fetchDeliveries());
    if (deliveries) this.deliveries = deliveries;
  }

  async switchEnabled() {
    const enable = !this.endpoint.enabled;
    const endpoint = await this.attempt(() => post(`${this.base}/${enable ? 'enable' : 'disable'}`));
    if (endpoint) {
      this.endpoint = endpoint;
      this.say(enable ? 'The endpoint is enabled: its waiting deliveries are sent now.'
        : 'The endpoint is disabled: nothing is sent to it until it is enabled again.');
    }
  }

  async rotateSecret() {
    if (!await confirmAction({ title: 'Rotate the signing secret',
      text: 'A new secret is made and shown once. For 24 hours every message is signed with both the new and the '
        + 'previous secret, so the receiver can switch without losing any.', confirm: 'Rotate secret' })) return;
    const rotated = await this.attempt(async () => {
      try {
        return await post(`${this.base}/rotate-secret`);
      } catch (e) {
        if (e.status === 409) e.message = `The secret cannot be rotated again yet. ${e.message}`;
        throw e;
      }
    });
    if (!rotated) return;
    this.secret = rotated;
    this.say(`The secret is rotated; the previous one signs too until ${dateTime(rotated.previousSecretExpiresAt)}.`);
    await this.load();
    await this.updateComplete;
    this.querySelector('#secret-value')?.focus();
  }

  async sendTest() {
    const delivery = await this.attempt(() => post(`${this.base}/test`));
    if (!delivery) return;
    this.say('Test event sent; waiting for the endpoint’s answer…');
    await this.loadDeliveries();
    await this.awaitAttempt(delivery, 'The test event');
  }

  async replayDelivery(delivery) {
    if (!await confirmAction({ title: `Replay ${delivery.eventType}`, text: `It is sent again at once, under the same `
      + `webhook-id (${delivery.webhookId}), with its retries started afresh.`, confirm: 'Replay' })) return;
    const replayed = await this.attempt(() => post(`${this.base}/deliveries/${delivery.id}/replay`));
    if (!replayed) return;
    this.say(`Replay of ${delivery.eventType} sent; waiting for the endpoint’s answer…`);
    await this.awaitAttempt(replayed, `The replay of ${delivery.eventType}`);
  }

  /** Waits for the delivery's next attempt and says how it went. */
  async awaitAttempt(delivery, what) {
    for (let i = 0; i < WATCH_AT_MOST && this.isConnected; i++) {
      await new Promise((resolve) => setTimeout(resolve, WATCH_EVERY_MS));
      const now = await this.attempt(() => get(`${this.base}/deliveries/${delivery.id}`));
      if (!now) return;
      if (now.attemptCount > delivery.attemptCount) {
        this.say(`${what}: ${now.status === 'succeeded' ? 'delivered' : 'not delivered'}, ${outcome(now.attempts.at(-1))}.`);
        await this.loadDeliveries();
        return;
      }
    }
    if (this.isConnected) this.say(`${what} has no answer yet; refresh the deliveries to see it.`);
  }

  async deleteEndpoint() {
    if (!await confirmAction({ title: `Delete the endpoint ${this.endpoint.url}`, text: 'Nothing more is sent to it, '
      + 'and its deliveries are deleted with it. This cannot be undone.', confirm: 'Delete endpoint', danger: true })) return;
    if (await this.attempt(() => api(this.base, { method: 'DELETE' }))) {
      handOver.notice = `Endpoint ${this.endpoint.url} deleted.`;
      location.hash = '#/webhooks';
    }
  }

  filterDeliveries(event) {
    this.statusFilter = event.target.value;
    this.cursors = [];
    this.loadDeliveries();
  }

  render() {
    const e = this.endpoint;
    return html`<p><a href="#/webhooks">← All webhook endpoints</a></p>
      <h1 tabindex="-1" class="url">${e ? e.url : 'Webhook endpoint'}</h1>
      ${this.messages()}
      ${this.secret ? secretPanel(this, { title: 'The new signing secret', secret: this.secret.secret,
        note: `The previous secret signs too until ${dateTime(this.secret.previousSecretExpiresAt)}; switch the receiver before then.`,
        hide: () => { this.secret = null; } }) : nothing}
      ${e ? html`${this.facts(e)}${this.actions(e)}${this.deliveryList()}` : nothing}`;
  }

  facts(e) {
    return html`<dl class="facts">
      <dt>State</dt><dd data-field="state"><span class="status ${stateClass(e)}">${stateText(e)}</span></dd>
      <dt>Description</dt><dd data-field="description">${e.description || '—'}</dd>
      <dt>Event types</dt><dd data-field="eventTypes">${e.eventTypes.join(', ')}</dd>
      ${e.failingSince ? html`<dt>Failing since</dt><dd data-field="failingSince">${dateTime(e.failingSince)}</dd>` : nothing}
      ${e.previousSecretExpiresAt ? html`<dt>Previous secret signs until</dt>
        <dd data-field="previousSecret">${dateTime(e.previousSecretExpiresAt)}</dd>` : nothing}
      <dt>Added</dt><dd>${dateTime(e.createdAt)}</dd>
    </dl>`;
  }

  actions(e) {
    return html`<div class="actions">
      <button type="button" @click=${this.sendTest}>Send test event</button>
      <button type="button" @click=${this.switchEnabled}>${e.enabled ? 'Disable' : 'Enable'}</button>
      <button type="button" @click=${this.rotateSecret}>Rotate secret…</button>
      <button type="button" class="danger" @click=${this.deleteEndpoint}>Delete…</button>
    </div>`;
  }

  deliveryList() {
    const page = this.deliveries;
    return html`<h2>Deliveries</h2>
      <div class="filters">
        <div><label for="delivery-status">Status</label>
          <select id="delivery-status" @change=${this.filterDeliveries}>
            <option value="">Any</option>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${s === this.statusFilter}>${s}</option>`)}
          </select></div>
        <button type="button" @click=${() => this.loadDeliveries()}>Refresh</button>
      </div>
      ${page?.items.length ? html`<ol class="deliveries">${page.items.map((d) => this.delivery(d))}</ol>
        ${pager(page, this.cursors, (c) => { this.cursors = c; this.loadDeliveries(); }, 'Pages of deliveries')}`
        : html`<p>No deliveries${this.statusFilter ? ` ${this.statusFilter}` : ''} yet.</p>`}`;
  }

  delivery(d) {
    return html`<li class="delivery" data-webhook-id=${d.webhookId}>
      <h3>${d.eventType} <span class="status ${d.status === 'failed' ? 'cancelled' : d.status === 'succeeded' ? 'active' : 'pending_payment'}">${d.status}</span></h3>
      <p class="meta">${dateTime(d.createdAt)} · <code>${d.webhookId}</code> · ${d.attemptCount}
        attempt${d.attemptCount === 1 ? '' : 's'}${d.nextAttemptAt ? ` · next ${dateTime(d.nextAttemptAt)}` : ''}</p>
      ${d.attempts.length ? html`<div class="scroll"><table class="attempts">
        <caption class="visually-hidden">Attempts to deliver ${d.webhookId}, oldest first</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Status</th><th scope="col" class="num">Took</th>
          <th scope="col">Answer (first KB) or error</th></tr></thead>
        <tbody>${d.attempts.map((a) => html`<tr><td>${dateTime(a.at)}</td>
          <td>${a.status != null ? `HTTP ${a.status}` : 'no answer'}</td><td class="num">${a.durationMillis} ms</td>
          <td><pre class="answer">${a.error || a.response || '(empty)'}</pre></td></tr>`)}</tbody>
      </table></div>` : html`<p>Not attempted yet.</p>`}
      <button type="button" aria-label="Replay ${d.webhookId}" @click=${() => this.replayDelivery(d)}>Replay</button>
    </li>`;
  }
}

customElements.define('bodega-webhook-endpoint', EndpointPage);
