// Webhooks: the endpoints events are sent to, with their state and event types; adding one shows its signing secret
// this once. One endpoint (#/webhooks/{id}) is its own page, with its deliveries.
import { html, nothing } from 'lit';
import { get, post, query } from '../api.js';
import { Screen, pager } from '../lib/screen.js';
import { date } from '../lib/format.js';
import { EVENT_TYPES, handOver, secretPanel, stateClass, stateText } from './parts.js';
import './endpoint-page.js';

class Webhooks extends Screen {
  static properties = { page: { state: true }, cursors: { state: true }, created: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    if (this.rest?.length) return;
    if (handOver.notice) {
      this.say(handOver.notice);
      handOver.notice = null;
    }
    this.load();
  }

  async load() {
    const page = await this.attempt(() => get(`/admin/webhooks${query({ cursor: this.cursors.at(-1) })}`));
    if (page) this.page = page;
  }

  async createEndpoint(event) {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    const body = { url: data.get('url').trim(), eventTypes: data.getAll('eventTypes'),
      description: data.get('description').trim() || undefined };
    const created = await this.attempt(() => post('/admin/webhooks', body));
    if (!created) return;
    form.reset();
    this.created = created;
    this.say(`Endpoint ${created.url} added.`);
    this.cursors = [];
    await this.load();
    await this.updateComplete;
    this.querySelector('#secret-value')?.focus();
  }

  render() {
    if (this.rest?.length) return html`<bodega-webhook-endpoint .endpointId=${this.rest[0]}></bodega-webhook-endpoint>`;
    return html`<h1 tabindex="-1">Webhooks</h1>
      <p>Bodega signs each event it sends to these endpoints (Standard Webhooks); a receiver checks the signature with
        the endpoint's secret.</p>
      ${this.messages()}
      ${this.created ? secretPanel(this, { title: `Signing secret of ${this.created.url}`, secret: this.created.secret,
        note: html`Keep it where the receiver can read it. <a href="#/webhooks/${this.created.id}">Open the endpoint</a>.`,
        hide: () => { this.created = null; } }) : nothing}
      ${this.page ? this.table() : html`<p class="loading">Loading…</p>`}
      ${this.form()}`;
  }

  table() {
    if (!this.page.items.length) return html`<p>No endpoints yet.</p>`;
    return html`<div class="scroll"><table class="webhooks">
        <caption class="visually-hidden">Webhook endpoints, newest first</caption>
        <thead><tr><th scope="col">Endpoint</th><th scope="col">State</th><th scope="col">Event types</th>
          <th scope="col">Added</th></tr></thead>
        <tbody>${this.page.items.map((e) => html`<tr>
          <th scope="row"><a class="url" href="#/webhooks/${e.id}">${e.url}</a>${e.description
            ? html`<br><small>${e.description}</small>` : nothing}</th>
          <td><span class="status ${stateClass(e)}">${stateText(e)}</span></td>
          <td>${e.eventTypes.join(', ')}</td>
          <td>${date(e.createdAt)}</td></tr>`)}</tbody>
      </table></div>
      ${pager(this.page, this.cursors, (c) => { this.cursors = c; this.load(); }, 'Pages of endpoints')}`;
  }

  form() {
    return html`<form class="webhook-form" @submit=${this.createEndpoint} aria-labelledby="add-endpoint">
      <h2 id="add-endpoint">Add an endpoint</h2>
      <label for="webhook-url">URL</label>
      <input id="webhook-url" name="url" type="url" required maxlength="2000" placeholder="https://erp.example.com/bodega">
      <label for="webhook-description">Description</label>
      <input id="webhook-description" name="description" maxlength="500" placeholder="e.g. ERP">
      <fieldset>
        <legend>Event types</legend>
        <div class="choices">${EVENT_TYPES.map((type) => html`<label class="inline" for="type-${type}">
          <input type="checkbox" id="type-${type}" name="eventTypes" value=${type}>${type}</label>`)}</div>
      </fieldset>
      <button type="submit" class="primary">Add endpoint</button>
    </form>`;
  }
}

customElements.define('bodega-webhooks', Webhooks);
