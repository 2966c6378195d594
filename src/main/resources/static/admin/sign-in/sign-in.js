// Sign-in for staff. After an idle session ended it appears over the page, which keeps what it showed.
import { html, nothing } from 'lit';
import { api, get } from '../api.js';
import { Screen } from '../lib/screen.js';

class SignIn extends Screen {
  static properties = { ended: { type: Boolean }, email: { type: String }, busy: { state: true },
    development: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    // A development shop tells where its administrator's password is (GET /auth/development-admin is 404 elsewhere).
    if (!this.ended) get('/auth/development-admin').then((hint) => { this.development = hint; }, () => {});
  }

  async submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    this.busy = true;
    const user = await this.attempt(async () => {
      await api('/auth/login', { method: 'POST', body: { email: form.get('email'), password: form.get('password') } });
      return get('/me');
    });
    this.busy = false;
    if (user) this.dispatchEvent(new CustomEvent('signed-in', { detail: user, bubbles: true }));
  }

  firstUpdated() {
    this.querySelector(this.email ? '#password' : '#email')?.focus();
  }

  render() {
    return html`<main class="sign-in" role=${this.ended ? 'dialog' : nothing} aria-modal=${this.ended ? 'true' : nothing}
        aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" tabindex="-1">${this.ended ? 'Your session has ended' : 'Sign in to Bodega admin'}</h1>
      ${this.ended ? html`<p>For safety, an idle staff session ends. Sign in again to carry on where you were.</p>` : nothing}
      ${this.development ? html`<p class="hint">Development shop: sign in as <strong>${this.development.email}</strong>
        with the password in <code>${this.development.passwordFile}</code> on the server.</p>` : nothing}
      ${this.messages()}
      <form @submit=${this.submit}>
        <label for="email">E-mail</label>
        <input id="email" name="email" type="email" autocomplete="username" required
          .value=${this.email || this.development?.email || ''}>
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit" class="primary" ?disabled=${this.busy}>Sign in</button>
      </form>
    </main>`;
  }
}

customElements.define('bodega-sign-in', SignIn);
