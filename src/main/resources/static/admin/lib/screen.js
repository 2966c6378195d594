// What every screen shares: rendering into the page itself (one stylesheet, no inline styles under the strict CSP),
// loading with a visible error, a message for screen readers, and a live-refresh timer.
import { LitElement, html, nothing, render } from 'lit';
import { Problem, query } from '../api.js';

// When the person last typed, clicked or touched. Polling stops after a while without them, so the console's own
// refreshes never keep an idle staff session alive past the server's idle limit (BODEGA_SESSION_ADMIN_IDLE, 30 min).
const POLL_WITHOUT_INPUT_MS = 20 * 60 * 1000;
let lastInput = Date.now();
for (const type of ['keydown', 'pointerdown', 'wheel', 'touchstart']) {
  window.addEventListener(type, () => { lastInput = Date.now(); }, { capture: true, passive: true });
}

export class Screen extends LitElement {
  static properties = { error: { state: true }, notice: { state: true } };

  constructor() {
    super();
    this.cursors = []; // a list screen's way back: the cursors of the pages it came through
  }

  /** A filter form's values become the address (so a filtered list can be bookmarked), which shows the list anew. */
  filterBy(event, screen) {
    event.preventDefault();
    location.hash = `#/${screen}${query(Object.fromEntries(new FormData(event.target)))}`;
  }

  createRenderRoot() {
    return this;
  }

  /** Runs a call; a problem becomes this screen's error message instead of an exception. */
  async attempt(work) {
    this.error = null;
    try {
      return await work();
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      this.error = e;
      return undefined;
    }
  }

  /** Says something to the person (visually and to screen readers). */
  say(text) {
    this.notice = text;
  }

  /**
   * Calls `refresh` every `seconds` while the page is visible and someone has used it within the last 20 minutes
   * (the order list and home stay current; an idle session still ends).
   */
  poll(refresh, seconds) {
    this.stopPolling();
    this.pollTimer = setInterval(() => {
      if (document.visibilityState === 'visible' && Date.now() - lastInput < POLL_WITHOUT_INPUT_MS) refresh();
    }, seconds * 1000);
  }

  stopPolling() {
    clearInterval(this.pollTimer);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopPolling();
  }

  messages() {
    return html`${this.error
      ? html`<div class="problem" role="alert"><strong>${this.error.message}</strong>${this.error.errors.length
          ? html`<ul>${this.error.errors.map((e) => html`<li>${e.row ? `Row ${e.row}: ` : ''}${e.field ? html`<code>${e.field}</code> ` : ''}${e.message}</li>`)}</ul>`
          : nothing}</div>`
      : nothing}
    <p class="notice" role="status" aria-live="polite">${this.notice || ''}</p>`;
  }
}

/** "Newer"/"Older" paging over a cursor list: the screen keeps the cursors it came through. */
export function pager(page, cursors, go, label = 'Pages') {
  return html`<nav class="pager" aria-label=${label}>
    <button type="button" ?disabled=${cursors.length === 0} @click=${() => go(cursors.slice(0, -1))}>Previous page</button>
    <button type="button" ?disabled=${!page?.nextCursor} @click=${() => go([...cursors, page.nextCursor])}>Next page</button>
  </nav>`;
}

/**
 * Asks before an action, in a modal dialog (focus moves into it and back; Escape cancels). `fields` is a template of
 * labelled inputs whose values come back as an object, or null when cancelled.
 */
export function confirmAction({ title, text, fields = nothing, confirm = 'Confirm', danger = false }) {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'confirm';
    dialog.setAttribute('aria-labelledby', 'confirm-title');
    document.body.append(dialog);
    const done = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    const submit = (event) => {
      event.preventDefault();
      done(Object.fromEntries(new FormData(event.target)));
    };
    render(html`<form @submit=${submit}>
        <h2 id="confirm-title">${title}</h2>
        <p>${text}</p>
        ${fields}
        <div class="actions">
          <button type="button" @click=${() => done(null)}>Cancel</button>
          <button type="submit" class=${danger ? 'danger' : 'primary'}>${confirm}</button>
        </div>
      </form>`, dialog);
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(null); });
    dialog.showModal();
    (dialog.querySelector('input, select, textarea') || dialog.querySelector('button[type=submit]')).focus();
  });
}
