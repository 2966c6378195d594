// The console's shell: who is signed in, the navigation, and which screen the address (after the #) shows.
// Screens are loaded when first visited, so the first load carries only the shell, sign-in and home.
import { LitElement, html, nothing } from 'lit';
import { api, get, Problem } from './api.js';
import './sign-in/sign-in.js';
import './staff/accept-invite.js';

const SCREENS = [
  { path: 'home', label: 'Home', tag: 'bodega-home', load: () => import('./home/home.js') },
  { path: 'orders', label: 'Orders', tag: 'bodega-orders', load: () => import('./orders/orders.js') },
  { path: 'products', label: 'Products', tag: 'bodega-products', load: () => import('./products/products.js') },
  { path: 'stock', label: 'Stock', tag: 'bodega-stock', load: () => import('./stock/stock.js') },
  { path: 'categories', label: 'Categories', tag: 'bodega-categories', load: () => import('./categories/categories.js') },
  { path: 'customers', label: 'Customers', tag: 'bodega-customers', load: () => import('./customers/customers.js') },
  { path: 'staff', label: 'Staff', tag: 'bodega-staff', load: () => import('./staff/staff.js') },
  { path: 'webhooks', label: 'Webhooks', tag: 'bodega-webhooks', load: () => import('./webhooks/webhooks.js') },
  { path: 'audit', label: 'Audit log', tag: 'bodega-audit', load: () => import('./audit/audit.js') },
];

/** "#/orders/abc?status=paid" → {screen: 'orders', rest: ['abc'], params}. */
export function route() {
  const [path, search] = location.hash.replace(/^#\/?/, '').split('?');
  const [screen, ...rest] = path.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part; // a stray % in a pasted link: shown as typed, never a broken console
    }
  });
  return { screen: screen || 'home', rest, params: new URLSearchParams(search || '') };
}

class BodegaConsole extends LitElement {
  static properties = {
    user: { state: true },
    checked: { state: true },
    sessionEnded: { state: true },
    route: { state: true },
    menuOpen: { state: true },
  };

  createRenderRoot() {
    return this;
  }

  constructor() {
    super();
    this.route = route();
    this.checked = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this.textContent = '';
    window.addEventListener('hashchange', () => this.navigate());
    window.addEventListener('bodega:session-ended', () => {
      if (this.user) this.sessionEnded = true;
    });
    this.whoAmI();
  }

  async whoAmI() {
    try {
      this.user = await get('/me');
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      this.user = null;
    }
    this.checked = true;
    this.navigate();
  }

  async navigate() {
    this.route = route();
    this.menuOpen = false;
    const screen = SCREENS.find((s) => s.path === this.route.screen);
    if (screen && !customElements.get(screen.tag)) await screen.load();
    this.current = screen ? this.screen(screen) : null;
    this.requestUpdate();
    await this.updateComplete;
    // Move focus to the new screen's heading, so a screen reader and the keyboard start there (the sign-in page puts
    // it in its first field itself). A screen inside a screen renders a frame or two later.
    if (!this.user) return;
    for (let frame = 0; frame < 30 && !this.querySelector('main h1'); frame++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    this.querySelector('main h1')?.focus();
  }

  signedIn(event) {
    this.user = event.detail;
    if (this.sessionEnded) {
      this.sessionEnded = false; // the screen underneath kept what it showed
    } else {
      this.navigate();
    }
  }

  async signOut() {
    await api('/auth/logout', { method: 'POST' }).catch(() => {});
    this.user = null;
    this.sessionEnded = false;
    location.hash = '#/';
  }

  render() {
    if (!this.checked) return html`<p class="loading">Loading…</p>`;
    if (this.route.screen === 'accept-invite') {
      return html`<bodega-accept-invite .token=${this.route.params.get('token') || ''}></bodega-accept-invite>`;
    }
    if (!this.user) return html`<bodega-sign-in @signed-in=${this.signedIn}></bodega-sign-in>`;
    if (!this.user.roles.includes('admin')) {
      return html`<main class="sign-in"><h1 tabindex="-1">Staff only</h1>
        <p>The Bodega admin console is for the shop's staff. You are signed in as ${this.user.email}, a customer
          account.</p>
        <button type="button" @click=${this.signOut}>Sign out</button></main>`;
    }
    return html`
      <a class="skip" href="#main" @click=${(e) => { e.preventDefault(); this.querySelector('main h1')?.focus(); }}>Skip to content</a>
      <header class="top">
        <span class="brand">Bodega admin</span>
        <button type="button" class="menu" aria-expanded=${this.menuOpen ? 'true' : 'false'} aria-controls="main-nav"
          @click=${() => { this.menuOpen = !this.menuOpen; }}>Menu</button>
        <span class="who">${this.user.email}</span>
        <button type="button" @click=${this.signOut}>Sign out</button>
      </header>
      <nav id="main-nav" aria-label="Main" class=${this.menuOpen ? 'open' : ''}>
        <ul>${SCREENS.map((s) => html`<li><a href="#/${s.path}"
          aria-current=${s.path === this.route.screen ? 'page' : 'false'}>${s.label}</a></li>`)}</ul>
      </nav>
      <main id="main">${this.current ? this.current : html`<h1 tabindex="-1">Not found</h1>
        <p>There is no such page. <a href="#/">Go home</a>.</p>`}</main>
      ${this.sessionEnded ? html`<div class="overlay">
        <bodega-sign-in .ended=${true} .email=${this.user.email} @signed-in=${this.signedIn}></bodega-sign-in>
      </div>` : nothing}`;
  }

  screen(screen) {
    const element = document.createElement(screen.tag);
    element.rest = this.route.rest;
    element.params = this.route.params;
    element.user = this.user;
    element.dataset.screen = screen.path; // which screen this is, for the browser tests
    // A new element per visit keeps screens simple: each loads what it shows when it appears. It is kept while the
    // route stays, so signing in again after an ended session finds the page as it was.
    return element;
  }
}

customElements.define('bodega-console', BodegaConsole);
