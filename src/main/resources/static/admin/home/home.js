// Today at a glance, from the one admin summary call; refreshes itself when orders, stock or products change.
import { html } from 'lit';
import { get } from '../api.js';
import { Screen, STATUS_EVENTS } from '../lib/screen.js';
import { money, date, dateTime } from '../lib/format.js';
import { change } from '../audit/describe.js';

// What the figures, the low stock and the staff's last changes are made of.
const FOLLOWED = [...STATUS_EVENTS, 'stock.changed', 'product.created', 'product.updated'];
// The summary is the heaviest call the console makes and a busy shop changes stock all the time: refresh it at most
// this often (the orders screen, lighter, follows every few seconds).
const REFRESH_AT_MOST_EVERY_MS = 10 * 1000;

class Home extends Screen {
  static properties = { summary: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.load();
    this.follow(FOLLOWED, () => this.load(), { atMostEveryMs: REFRESH_AT_MOST_EVERY_MS });
  }

  async load() {
    const summary = await this.attempt(() => get('/admin/summary'));
    if (summary) this.summary = summary;
  }

  render() {
    const s = this.summary;
    return html`<h1 tabindex="-1">Today</h1>
      ${this.messages()}
      ${this.liveNote()}
      ${s ? this.figures(s) : html`<p class="loading">Loading…</p>`}`;
  }

  figures(s) {
    const week = s.last7Days || [];
    const most = Math.max(1, ...week.map((d) => d.orders));
    return html`
      <section class="cards" aria-label="Orders needing attention">
        <a class="card" href="#/orders?status=paid"><span class="figure" data-figure="to-ship">${s.ordersToShip}</span>
          <span>orders to ship</span></a>
        <a class="card" href="#/orders?status=pending_payment"><span class="figure" data-figure="awaiting-payment">${s.awaitingPayment}</span>
          <span>orders awaiting payment</span></a>
        <div class="card"><span class="figure" data-figure="today-orders">${s.today.orders}</span>
          <span>orders today, ${money(s.today.revenue)} revenue</span></div>
      </section>
      <section aria-labelledby="week-title">
        <h2 id="week-title">The last 7 days</h2>
        <table class="week">
          <thead><tr><th scope="col">Day</th><th scope="col">Orders</th><th scope="col">Revenue</th></tr></thead>
          <tbody>${week.map((d) => html`<tr><th scope="row">${date(d.date)}</th>
            <td><meter min="0" max=${most} value=${d.orders} aria-hidden="true"></meter> ${d.orders}</td>
            <td>${money(d.revenue)}</td></tr>`)}</tbody>
        </table>
      </section>
      <section aria-labelledby="low-title">
        <h2 id="low-title">Low stock</h2>
        ${s.lowStock.length ? html`<table>
          <thead><tr><th scope="col">SKU</th><th scope="col">Available</th><th scope="col">On hand</th><th scope="col">Reserved</th></tr></thead>
          <tbody>${s.lowStock.map((l) => html`<tr><th scope="row"><a href="#/stock/${encodeURIComponent(l.sku)}">${l.sku}</a></th>
            <td>${l.available}</td><td>${l.onHand}</td><td>${l.reserved}</td></tr>`)}</tbody></table>`
          : html`<p>Every SKU has enough stock.</p>`}
      </section>
      <section aria-labelledby="changes-title">
        <h2 id="changes-title">Last changes by staff</h2>
        ${s.recentChanges.length ? html`<ul class="changes">${s.recentChanges.map((c) => html`<li>
          <time datetime=${c.at}>${dateTime(c.at)}</time> ${c.actorEmail || 'system'}: ${change(c)}</li>`)}</ul>`
          : html`<p>No changes yet.</p>`}
        <p><a href="#/audit">The whole audit log</a></p>
      </section>`;
  }
}

customElements.define('bodega-home', Home);
