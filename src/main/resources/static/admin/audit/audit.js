// The audit log: every change staff made, newest first, filterable by what was changed, with before and after.
import { html } from 'lit';
import { get, query } from '../api.js';
import { Screen, pager } from '../lib/screen.js';
import { dateTime } from '../lib/format.js';
import { change, differences } from './describe.js';

const TYPES = ['product', 'category', 'stock', 'order', 'staff', 'staff_invite', 'customer'];

class Audit extends Screen {
  static properties = { page: { state: true }, cursors: { state: true } };


  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  filters() {
    const p = this.params || new URLSearchParams();
    return { entityType: p.get('entityType') || '', entityId: p.get('entityId') || '' };
  }

  async load() {
    const page = await this.attempt(() => get(`/admin/audit${query({ ...this.filters(), cursor: this.cursors.at(-1) })}`));
    if (page) this.page = page;
  }


  render() {
    const f = this.filters();
    return html`<h1 tabindex="-1">Audit log</h1>
      <form class="filters" role="search" aria-label="Filter the audit log" @submit=${(e) => this.filterBy(e, 'audit')}>
        <div><label for="audit-type">What changed</label><select id="audit-type" name="entityType"><option value="">Anything</option>
          ${TYPES.map((t) => html`<option value=${t} ?selected=${t === f.entityType}>${t}</option>`)}</select></div>
        <div><label for="audit-id">Id, SKU or e-mail</label><input id="audit-id" name="entityId" .value=${f.entityId}></div>
        <button type="submit">Filter</button>
      </form>
      ${this.messages()}
      ${this.page ? html`${this.page.items.length ? html`<ol class="audit">${this.page.items.map((e) => html`<li>
          <time datetime=${e.at}>${dateTime(e.at)}</time> <strong>${e.actorEmail || 'system'}</strong>: ${change(e)}
          ${differences(e)}</li>`)}</ol>` : html`<p>No changes match.</p>`}
        ${pager(this.page, this.cursors, (c) => { this.cursors = c; this.load(); })}` : html`<p class="loading">Loading…</p>`}`;
  }
}

customElements.define('bodega-audit', Audit);
