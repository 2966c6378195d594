// Stock: every SKU's on hand, reserved and available; one SKU's count can be set (with a reason) and its ledger read.
import { html, nothing } from 'lit';
import { api, get, query } from '../api.js';
import { Screen, pager } from '../lib/screen.js';
import { dateTime } from '../lib/format.js';

class Stock extends Screen {
  static properties = { page: { state: true }, cursors: { state: true }, level: { state: true },
    movements: { state: true }, movementCursors: { state: true } };

  constructor() {
    super();
    this.movementCursors = [];
  }

  get sku() {
    return this.rest?.[0];
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.sku) this.loadSku(); else this.load();
  }

  filters() {
    const p = this.params || new URLSearchParams();
    return { q: p.get('q') || '', below: p.get('below') || '' };
  }

  async load() {
    const page = await this.attempt(() => get(`/admin/inventory${query({ ...this.filters(), cursor: this.cursors.at(-1) })}`));
    if (page) this.page = page;
  }

  async loadSku() {
    const sku = encodeURIComponent(this.sku);
    await this.attempt(async () => {
      const [level, movements] = await Promise.all([get(`/admin/inventory/${sku}`),
        get(`/admin/inventory/${sku}/movements${query({ cursor: this.movementCursors.at(-1) })}`)]);
      this.level = level;
      this.movements = movements;
    });
  }

  async setOnHand(event) {
    event.preventDefault();
    const data = new FormData(event.target);
    const level = await this.attempt(() => api(`/admin/inventory/${encodeURIComponent(this.sku)}`, { method: 'PUT',
      body: { onHand: Number(data.get('onHand')), reason: data.get('reason') || undefined } }));
    if (level) {
      event.target.reset();
      this.say(`${this.sku} now has ${level.data.onHand} on hand.`);
      this.movementCursors = [];
      await this.loadSku();
    }
  }


  render() {
    return this.sku ? this.one() : this.list();
  }

  list() {
    const f = this.filters();
    return html`<h1 tabindex="-1">Stock</h1>
      <form class="filters" role="search" aria-label="Find SKUs" @submit=${(e) => this.filterBy(e, 'stock')}>
        <div><label for="stock-q">SKU starts with</label><input id="stock-q" name="q" type="search" .value=${f.q}></div>
        <div><label for="stock-below">Available below</label><input id="stock-below" name="below" type="number" min="1" .value=${f.below}></div>
        <button type="submit">Find</button>
      </form>
      ${this.messages()}
      ${this.page ? html`${this.page.items.length ? html`<div class="scroll"><table>
        <thead><tr><th scope="col">SKU</th><th scope="col" class="num">On hand</th><th scope="col" class="num">Reserved</th>
          <th scope="col" class="num">Available</th></tr></thead>
        <tbody>${this.page.items.map((l) => html`<tr><th scope="row"><a href="#/stock/${encodeURIComponent(l.sku)}">${l.sku}</a></th>
          <td class="num">${l.onHand}</td><td class="num">${l.reserved}</td><td class="num">${l.available}</td></tr>`)}</tbody>
        </table></div>` : html`<p>No SKUs match.</p>`}
        ${pager(this.page, this.cursors, (c) => { this.cursors = c; this.load(); })}` : html`<p class="loading">Loading…</p>`}`;
  }

  one() {
    const l = this.level;
    return html`<p><a href="#/stock">← All stock</a></p>
      <h1 tabindex="-1">Stock of ${this.sku}</h1>
      ${this.messages()}
      ${l ? html`<dl class="levels">
          <dt>On hand</dt><dd data-field="onHand">${l.onHand}</dd>
          <dt>Reserved by open orders</dt><dd data-field="reserved">${l.reserved}</dd>
          <dt>Available to sell</dt><dd data-field="available">${l.available}</dd></dl>
        <form class="filters" @submit=${this.setOnHand} aria-label="Set the count on hand">
          <div><label for="on-hand">Counted on hand</label><input id="on-hand" name="onHand" type="number" min="0" max="1000000" required></div>
          <div><label for="stock-reason">Reason</label><input id="stock-reason" name="reason" maxlength="500" placeholder="e.g. delivery from supplier"></div>
          <button type="submit" class="primary">Set on hand</button>
        </form>
        <h2>Movements</h2>
        ${this.movements?.items.length ? html`<div class="scroll"><table>
          <thead><tr><th scope="col">When</th><th scope="col">Why</th><th scope="col" class="num">On hand</th>
            <th scope="col" class="num">Reserved</th><th scope="col">Note</th></tr></thead>
          <tbody>${this.movements.items.map((m) => html`<tr><td>${dateTime(m.at)}</td>
            <td>${m.reason.replaceAll('_', ' ')}${m.reference ? html` <small>${m.reference}</small>` : nothing}</td>
            <td class="num">${m.onHandDelta > 0 ? '+' : ''}${m.onHandDelta}</td>
            <td class="num">${m.reservedDelta > 0 ? '+' : ''}${m.reservedDelta}</td><td>${m.note || ''}</td></tr>`)}</tbody>
          </table></div>
          ${pager(this.movements, this.movementCursors, (c) => { this.movementCursors = c; this.loadSku(); }, 'Pages of movements')}`
          : html`<p>No movements yet.</p>`}` : nothing}`;
  }
}

customElements.define('bodega-stock', Stock);
