// The page an invitation mail links to: the new staff member chooses a password, then signs in.
import { html } from 'lit';
import { post } from '../api.js';
import { Screen } from '../lib/screen.js';

class AcceptInvite extends Screen {
  static properties = { token: { type: String }, accepted: { state: true } };

  async submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    const user = await this.attempt(() => post('/auth/accept-invite', { token: this.token, password: form.get('password') }));
    if (user) this.accepted = user;
  }

  render() {
    if (this.accepted) {
      return html`<main class="sign-in"><h1 tabindex="-1">Welcome to the team</h1>
        <p>Your staff account ${this.accepted.email} is ready.</p><p><a href="#/">Sign in</a></p></main>`;
    }
    return html`<main class="sign-in"><h1 tabindex="-1">Join the shop's staff</h1>
      <p>Choose a password of at least 12 characters for your staff account.</p>
      ${this.messages()}
      <form @submit=${this.submit}>
        <label for="new-password">New password</label>
        <input id="new-password" name="password" type="password" autocomplete="new-password" minlength="12" required>
        <button type="submit" class="primary">Create my account</button>
      </form></main>`;
  }
}

customElements.define('bodega-accept-invite', AcceptInvite);
