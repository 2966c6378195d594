// One order: what was bought, where it goes, its payments and refunds, its timeline with staff notes, and the moves
// staff can make. Each move is confirmed first; a refusal shows the server's own message.
import { html, nothing } from 'lit';
import { api, get, post } from '../api.js';
import { Screen, confirmAction } from '../lib/screen.js';
import { money, dateTime, statusLabel } from '../lib/format.js';

class OrderPage extends Screen {
  static properties = { orderId: { type: String }, order: { state: true }, payments: { state: true },
    timeline: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    const id = encodeURIComponent(this.orderId);
    await this.attempt(async () => {
      const [order, payments, timeline] = await Promise.all([get(`/admin/orders/${id}`),
        get(`/admin/orders/${id}/payments`), get(`/admin/orders/${id}/timeline?limit=100`)]);
      this.order = order;
      this.payments = payments.items;
      this.timeline = timeline.items;
    });
  }

  async act(action, body, done) {
    const id = encodeURIComponent(this.orderId);
    const order = await this.attempt(() => post(`/admin/orders/${id}/${action}`, body));
    if (order) {
      this.say(done);
      await this.load();
    }
  }

  async ship() {
    const answer = await confirmAction({ title: `Ship order ${this.order.number}`, text: 'The customer gets a mail with the tracking number.',
      fields: html`<label for="carrier">Carrier</label><input id="carrier" name="carrier" required maxlength="100">
        <label for="tracking">Tracking number</label><input id="tracking" name="trackingNumber" required maxlength="100">`,
      confirm: 'Ship' });
    if (answer) await this.act('ship', answer, `Order ${this.order.number} is shipped.`);
  }

  async deliver() {
    if (await confirmAction({ title: `Mark order ${this.order.number} delivered`, text: 'The parcel has reached the customer.', confirm: 'Mark delivered' })) {
      await this.act('deliver', undefined, `Order ${this.order.number} is delivered.`);
    }
  }

  async cancel() {
    if (await confirmAction({ title: `Cancel order ${this.order.number}`, text: 'Its reserved stock is released. This cannot be undone.', confirm: 'Cancel order', danger: true })) {
      await this.act('cancel', undefined, `Order ${this.order.number} is cancelled.`);
    }
  }

  async refund() {
    if (await confirmAction({ title: `Refund order ${this.order.number}`, text: `${money(this.order.totals.total)} goes back to the customer and the stock returns. This cannot be undone.`, confirm: 'Refund', danger: true })) {
      await this.act('refund', undefined, `Order ${this.order.number} is refunded.`);
    }
  }

  async addNote(event) {
    event.preventDefault();
    const form = event.target;
    const text = new FormData(form).get('text');
    const id = encodeURIComponent(this.orderId);
    const note = await this.attempt(() => api(`/admin/orders/${id}/notes`, { method: 'POST', body: { text } }));
    if (note) {
      form.reset();
      this.say('Note added.');
      await this.load();
    }
  }

  render() {
    // One heading element whether loaded or not: focus put on it while loading stays there.
    const o = this.order;
    return html`<p><a href="#/orders">← All orders</a></p>
      <h1 tabindex="-1">Order ${o ? html`${o.number} <span class="status ${o.status}">${statusLabel(o.status)}</span>` : nothing}</h1>
      ${this.messages()}
      ${o ? this.details(o) : (this.error ? nothing : html`<p class="loading">Loading…</p>`)}`;
  }

  details(o) {
    const a = o.shippingAddress;
    return html`<div class="actions" role="group" aria-label="Order actions">
        <button type="button" @click=${this.ship} ?disabled=${o.status !== 'paid'}>Ship…</button>
        <button type="button" @click=${this.deliver} ?disabled=${o.status !== 'shipped'}>Mark delivered…</button>
        <button type="button" @click=${this.cancel} ?disabled=${!['pending_payment', 'paid'].includes(o.status)}>Cancel order…</button>
        <button type="button" @click=${this.refund} ?disabled=${!['paid', 'shipped', 'delivered'].includes(o.status)}>Refund…</button>
      </div>
      <div class="columns">
        <section aria-labelledby="lines-title"><h2 id="lines-title">Items</h2>
          <div class="scroll"><table>
            <thead><tr><th scope="col">SKU</th><th scope="col">Item</th><th scope="col" class="num">Qty</th>
              <th scope="col" class="num">Price</th><th scope="col" class="num">Total</th></tr></thead>
            <tbody>${o.lines.map((l) => html`<tr><td>${l.sku}</td><td>${l.title}</td><td class="num">${l.quantity}</td>
              <td class="num">${money(l.unitPrice)}</td><td class="num">${money(l.lineTotal)}</td></tr>`)}</tbody>
            <tfoot>
              <tr><th scope="row" colspan="4">Subtotal</th><td class="num">${money(o.totals.subtotal)}</td></tr>
              <tr><th scope="row" colspan="4">Shipping</th><td class="num">${money(o.totals.shipping)}</td></tr>
              <tr><th scope="row" colspan="4">Tax</th><td class="num">${money(o.totals.tax)}</td></tr>
              <tr><th scope="row" colspan="4">Total</th><td class="num" data-field="total">${money(o.totals.total)}</td></tr>
            </tfoot></table></div></section>
        <section aria-labelledby="customer-title"><h2 id="customer-title">Customer and address</h2>
          <p>${o.email}</p>
          <address>${a.name}<br>${a.line1}${a.line2 ? html`<br>${a.line2}` : nothing}<br>${a.postalCode} ${a.city}<br>${a.country}</address>
          ${o.trackingNumber ? html`<p>Shipped with ${o.carrier}, tracking number <strong>${o.trackingNumber}</strong></p>` : nothing}
        </section>
      </div>
      <section aria-labelledby="payments-title"><h2 id="payments-title">Payments</h2>
        ${this.payments.length ? html`<ul class="payments">${this.payments.map((p) => html`<li>
          ${dateTime(p.createdAt)}: ${money(p.amount)} by ${p.method.replaceAll('_', ' ')}${p.cardLast4 ? ` ending ${p.cardLast4}` : ''},
          <strong>${p.status}</strong>${p.failureReason ? ` (${p.failureReason})` : ''}
          ${p.refund ? html`<br>Refunded ${money(p.refund.amount)} on ${dateTime(p.refund.createdAt)}` : nothing}</li>`)}</ul>`
          : html`<p>No payment yet.</p>`}
      </section>
      <section aria-labelledby="timeline-title"><h2 id="timeline-title">Timeline</h2>
        <ol class="timeline">${this.timeline.map((t) => html`<li class=${t.kind}>
          <time datetime=${t.at}>${dateTime(t.at)}</time>
          <strong>${this.what(t)}</strong>
          <span class="who">${this.who(t)}</span>
          ${t.text ? html`<p class="note">${t.text}</p>` : nothing}</li>`)}</ol>
        <form class="note-form" @submit=${this.addNote}>
          <label for="note-text">Add a note for staff</label>
          <textarea id="note-text" name="text" required maxlength="2000" rows="2"></textarea>
          <button type="submit">Add note</button>
        </form>
      </section>`;
  }

  what(entry) {
    const what = { placed: 'Placed', paid: 'Paid', shipped: 'Shipped', delivered: 'Delivered', cancelled: 'Cancelled',
      refunded: 'Refunded', note: 'Note', payment_failed: 'Payment failed' }[entry.kind] || entry.kind;
    if (entry.kind === 'shipped' && entry.trackingNumber) return `${what} with ${entry.carrier}, tracking number ${entry.trackingNumber}`;
    if (entry.kind === 'cancelled' && entry.reason === 'expired') return 'Cancelled: not paid in time';
    if (entry.reason) return `${what} (${entry.reason.replaceAll('_', ' ')})`;
    return what;
  }

  who(entry) {
    const actor = entry.actor || { type: 'unknown' };
    switch (actor.type) {
      case 'staff': return `by ${actor.email} (staff)`;
      case 'customer': return `by the customer ${actor.email}`;
      case 'guest': return `by the guest ${actor.email || ''}`.trim();
      case 'system': return 'by the system';
      default: return '';
    }
  }
}

customElements.define('bodega-order-page', OrderPage);
