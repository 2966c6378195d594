// Orders: the list with its filters (kept in the address, so a filtered list can be bookmarked), or one order.
import { html, nothing } from 'lit';
import { get, query } from '../api.js';
import { Screen, STATUS_EVENTS, pager } from '../lib/screen.js';
import { money, dateTime, statusLabel } from '../lib/format.js';
import './order-page.js';

export const STATUSES = ['pending_payment', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'];

class Orders extends Screen {
  static properties = { page: { state: true }, cursors: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    if (this.rest?.length) return;
    this.load();
    // New orders and their moves appear without a reload.
    this.follow(STATUS_EVENTS, () => this.load());
  }

  filters() {
    const p = this.params || new URLSearchParams();
    return { status: p.get('status') || '', q: p.get('q') || '', from: p.get('from') || '', to: p.get('to') || '',
      customerId: p.get('customerId') || '' };
  }

  async load() {
    const cursor = this.cursors.at(-1);
    const page = await this.attempt(() => get(`/admin/orders${query({ ...this.filters(), cursor, limit: 20 })}`));
    if (page) this.page = page;
  }


  render() {
    if (this.rest?.length) return html`<bodega-order-page .orderId=${this.rest[0]}></bodega-order-page>`;
    const f = this.filters();
    return html`<h1 tabindex="-1">Orders</h1>
      <form class="filters" role="search" aria-label="Find orders" @submit=${(e) => this.filterBy(e, 'orders')}>
        <div><label for="order-q">Order number or e-mail</label>
          <input id="order-q" name="q" type="search" .value=${f.q}></div>
        <div><label for="order-status">Status</label>
          <select id="order-status" name="status">
            <option value="">Any</option>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${s === f.status}>${statusLabel(s)}</option>`)}
          </select></div>
        <div><label for="order-from">Placed from</label><input id="order-from" name="from" type="date" .value=${f.from}></div>
        <div><label for="order-to">Placed until</label><input id="order-to" name="to" type="date" .value=${f.to}></div>
        ${f.customerId ? html`<input type="hidden" name="customerId" .value=${f.customerId}>` : nothing}
        <button type="submit">Find</button>
      </form>
      ${this.messages()}
      ${this.liveNote()}
      ${this.page ? this.table() : html`<p class="loading">Loading…</p>`}`;
  }

  table() {
    if (!this.page.items.length) return html`<p>No orders match.</p>`;
    return html`<div class="scroll"><table class="orders">
        <caption class="visually-hidden">Orders, newest first</caption>
        <thead><tr><th scope="col">Order</th><th scope="col">Placed</th><th scope="col">Customer</th>
          <th scope="col">Status</th><th scope="col" class="num">Total</th></tr></thead>
        <tbody>${this.page.items.map((o) => html`<tr>
          <th scope="row"><a href="#/orders/${o.id}">${o.number}</a></th>
          <td>${dateTime(o.createdAt)}</td><td>${o.email}</td>
          <td><span class="status ${o.status}">${statusLabel(o.status)}</span></td>
          <td class="num">${money(o.totals.total)}</td></tr>`)}</tbody>
      </table></div>
      ${pager(this.page, this.cursors, (cursors) => { this.cursors = cursors; this.load(); })}`;
  }
}

customElements.define('bodega-orders', Orders);
