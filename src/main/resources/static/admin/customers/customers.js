// Customers: search the list; one customer's account state (verified, locked by failed sign-ins) and their orders.
import { html, nothing } from 'lit';
import { get, post, query } from '../api.js';
import { Screen, pager, confirmAction } from '../lib/screen.js';
import { money, dateTime, statusLabel } from '../lib/format.js';

class Customers extends Screen {
  static properties = { page: { state: true }, cursors: { state: true }, customer: { state: true }, orders: { state: true } };


  get customerId() {
    return this.rest?.[0];
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.customerId) this.loadOne(); else this.load();
  }

  async load() {
    const q = this.params?.get('q') || '';
    const page = await this.attempt(() => get(`/admin/customers${query({ q, cursor: this.cursors.at(-1) })}`));
    if (page) this.page = page;
  }

  async loadOne() {
    const id = encodeURIComponent(this.customerId);
    await this.attempt(async () => {
      const [customer, orders] = await Promise.all([get(`/admin/customers/${id}`),
        get(`/admin/orders${query({ customerId: this.customerId, limit: 20 })}`)]);
      this.customer = customer;
      this.orders = orders;
    });
  }

  async unlock() {
    if (!await confirmAction({ title: `Unlock ${this.customer.email}`, text: 'Their failed sign-ins are forgotten, so they can sign in at once.', confirm: 'Unlock' })) return;
    const customer = await this.attempt(() => post(`/admin/customers/${encodeURIComponent(this.customerId)}/unlock`));
    if (customer) {
      this.customer = customer;
      this.say('Sign-in unlocked.');
    }
  }


  render() {
    return this.customerId ? this.one() : this.list();
  }

  list() {
    return html`<h1 tabindex="-1">Customers</h1>
      <form class="filters" role="search" aria-label="Find customers" @submit=${(e) => this.filterBy(e, 'customers')}>
        <div><label for="customer-q">E-mail or name</label><input id="customer-q" name="q" type="search" .value=${this.params?.get('q') || ''}></div>
        <button type="submit">Find</button>
      </form>
      ${this.messages()}
      ${this.page ? html`${this.page.items.length ? html`<div class="scroll"><table>
        <thead><tr><th scope="col">Customer</th><th scope="col">Name</th><th scope="col">Verified</th><th scope="col">Since</th></tr></thead>
        <tbody>${this.page.items.map((c) => html`<tr><th scope="row"><a href="#/customers/${c.id}">${c.email}</a></th>
          <td>${c.name}</td><td>${c.emailVerified ? 'yes' : 'no'}</td><td>${dateTime(c.createdAt)}</td></tr>`)}</tbody>
        </table></div>` : html`<p>No customers match.</p>`}
        ${pager(this.page, this.cursors, (c) => { this.cursors = c; this.load(); })}` : html`<p class="loading">Loading…</p>`}`;
  }

  one() {
    const c = this.customer;
    return html`<p><a href="#/customers">← All customers</a></p>
      <h1 tabindex="-1">${c ? c.name : 'Customer'}</h1>
      ${this.messages()}
      ${c ? html`<dl class="levels">
          <dt>E-mail</dt><dd>${c.email}</dd>
          <dt>E-mail verified</dt><dd data-field="verified">${c.emailVerified ? 'yes' : 'no'}</dd>
          <dt>Customer since</dt><dd>${dateTime(c.createdAt)}</dd>
          <dt>Sign-in</dt><dd data-field="sign-in">${c.signIn.locked
            ? `locked after ${c.signIn.failedAttempts} failed attempts${c.signIn.lockedUntil ? `, until ${dateTime(c.signIn.lockedUntil)}` : ''}`
            : `open (${c.signIn.failedAttempts} recent failed attempts)`}</dd>
          <dt>Signed in on</dt><dd>${c.activeSessions} device(s)</dd></dl>
        ${c.signIn.locked || c.signIn.failedAttempts ? html`<button type="button" @click=${this.unlock}>Unlock sign-in…</button>` : nothing}
        <h2>Orders</h2>
        ${this.orders?.items.length ? html`<div class="scroll"><table>
          <thead><tr><th scope="col">Order</th><th scope="col">Placed</th><th scope="col">Status</th><th scope="col" class="num">Total</th></tr></thead>
          <tbody>${this.orders.items.map((o) => html`<tr><th scope="row"><a href="#/orders/${o.id}">${o.number}</a></th>
            <td>${dateTime(o.createdAt)}</td><td><span class="status ${o.status}">${statusLabel(o.status)}</span></td>
            <td class="num">${money(o.totals.total)}</td></tr>`)}</tbody></table></div>
          ${this.orders.nextCursor ? html`<p><a href="#/orders?customerId=${c.id}">All their orders</a></p>` : nothing}`
          : html`<p>No orders yet.</p>`}` : nothing}`;
  }
}

customElements.define('bodega-customers', Customers);
