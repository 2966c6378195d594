// What the webhook screens share: the documented event types, how an endpoint's state reads, and the panel that shows
// a signing secret the one time the API answers it.
import { html } from 'lit';
import { dateTime } from '../lib/format.js';

/** The event types an endpoint may subscribe to, as the API documents them (README "Webhooks"). */
export const EVENT_TYPES = ['order.placed', 'order.paid', 'order.cancelled', 'order.shipped', 'order.delivered',
  'order.refunded', 'payment.failed', 'product.created', 'product.updated', 'stock.changed', 'customer.created'];

const WHY_DISABLED = {
  admin: 'disabled by staff',
  gone: 'disabled: the receiver answered 410 Gone',
  failing: 'disabled: no successful delivery for days',
};

/** "enabled", "enabled, failing since …" or "disabled: why". */
export function stateText(endpoint) {
  if (!endpoint.enabled) return WHY_DISABLED[endpoint.disabledReason] || 'disabled';
  return endpoint.failingSince ? `enabled, failing since ${dateTime(endpoint.failingSince)}` : 'enabled';
}

/** The class of the state's badge: active (enabled and well), pending_payment (failing) or cancelled (disabled). */
export function stateClass(endpoint) {
  if (!endpoint.enabled) return 'cancelled';
  return endpoint.failingSince ? 'pending_payment' : 'active';
}

/**
 * Copies the secret field's text. Where the browser refuses the clipboard, the text is selected instead, for the
 * person to copy with the keyboard. Answers what to tell them.
 */
async function copySecretFrom(field) {
  try {
    await navigator.clipboard.writeText(field.value);
    return 'The secret is copied to the clipboard.';
  } catch {
    field.focus();
    field.select();
    return 'The browser did not allow copying: the secret is selected, copy it with Ctrl+C (⌘C on a Mac).';
  }
}

/**
 * The panel that shows a secret once on a screen, with a copy button and a button that hides it for good: `hide`
 * forgets the secret, and the screen says so and puts the focus back on its heading.
 */
export function secretPanel(screen, { title, secret, note, hide }) {
  const copy = async () => screen.say(await copySecretFrom(screen.querySelector('#secret-value')));
  const kept = () => {
    hide();
    screen.say('The secret is hidden for good.');
    screen.querySelector('h1')?.focus();
  };
  return html`<section class="secret" aria-labelledby="secret-title">
    <h2 id="secret-title">${title}</h2>
    <p><strong>Copy it now: you will not see it again.</strong> ${note}</p>
    <label for="secret-value">Signing secret</label>
    <div class="secret-row">
      <input id="secret-value" readonly spellcheck="false" autocomplete="off" .value=${secret}>
      <button type="button" class="primary" @click=${copy}>Copy secret</button>
    </div>
    <button type="button" @click=${kept}>I have kept the secret</button>
  </section>`;
}

/** What one screen leaves for the next to say (the endpoint page, deleting its endpoint, for the list it goes back to). */
export const handOver = { notice: null };
