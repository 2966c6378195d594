// What every screen shares: rendering into the page itself (one stylesheet, no inline styles under the strict CSP),
// loading with a visible error, a message for screen readers, and following the shop's live events.
import { LitElement, html, nothing, render } from 'lit';
import { Problem, query, where } from '../api.js';

// When the person last typed, clicked or touched. Live updates stop after a while without them, so the console's own
// refreshes never keep an idle staff session alive past the server's idle limit (BODEGA_SESSION_ADMIN_IDLE, 30 min).
const LIVE_WITHOUT_INPUT_MS = 20 * 60 * 1000;
// Events come in bursts (an order is placed, its stock moves): one refresh for each burst, and in a busy shop no more
// than one every few seconds (a screen may ask for fewer).
const REFRESH_DELAY_MS = 300;
const REFRESH_AT_MOST_EVERY_MS = 3000;
// After the server refused the stream (it was full or shutting down, the session ended), the browser does not try
// again by itself: the console does, after 1 s, doubling up to a minute, each time plus up to as much again at random,
// so that the consoles a full or departing node refused do not all come back at once.
const REOPEN_FIRST_MS = 1000;
const REOPEN_AT_MOST_MS = 60 * 1000;
let lastInput = Date.now();
const onInput = new Set();
for (const type of ['keydown', 'pointerdown', 'wheel', 'touchstart']) {
  window.addEventListener(type, () => {
    lastInput = Date.now();
    onInput.forEach((listener) => listener());
  }, { capture: true, passive: true });
}

export class Screen extends LitElement {
  static properties = { error: { state: true }, notice: { state: true }, live: { state: true } };

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
   * Follows the shop's live events of these types (server-sent events from /api/v1/admin/events) and calls `refresh`
   * once per burst of them, at most once every `atMostEveryMs`, and on `reset` (the server says events were missed).
   * The stream is open only while the page is visible and someone has used it within the last 20 minutes, so an idle
   * console lets its session end; coming back opens it again and refreshes once for whatever happened meanwhile. A
   * stream the server refused is opened again after a growing, random delay, resuming after the last event seen.
   */
  follow(types, refresh, { atMostEveryMs = REFRESH_AT_MOST_EVERY_MS } = {}) {
    this.unfollow();
    let timer = null;
    let refreshed = 0;
    let reopenTimer = null;
    let reopenDelay = REOPEN_FIRST_MS;
    let lastEventId = null;
    const changed = (event) => {
      if (event.lastEventId) lastEventId = event.lastEventId;
      if (timer !== null) return;
      const wait = Math.max(REFRESH_DELAY_MS, refreshed + atMostEveryMs - Date.now());
      timer = setTimeout(() => {
        timer = null;
        refreshed = Date.now();
        refresh();
      }, wait);
    };
    const open = () => {
      const source = new EventSource(`/api/v1/admin/events${query({ types: types.join(','), lastEventId })}`);
      for (const type of [...types, 'reset']) source.addEventListener(type, changed);
      source.addEventListener('open', () => {
        this.live = true;
        reopenDelay = REOPEN_FIRST_MS;
      });
      source.addEventListener('error', () => {
        // A dropped connection, or a server that ended the stream with a retry (it is shutting down, or this console
        // fell behind), is reconnected by the browser itself, resuming after the last event it got. A refusal closes
        // the stream: refreshing shows why (a 401 asks to sign in again), and it is opened again a while later.
        if (source.readyState !== EventSource.CLOSED) return;
        if (this.following?.source === source) this.following.source = null;
        this.live = false;
        refresh();
        const wait = reopenDelay + Math.random() * reopenDelay;
        reopenDelay = Math.min(reopenDelay * 2, REOPEN_AT_MOST_MS);
        clearTimeout(reopenTimer);
        reopenTimer = setTimeout(() => {
          reopenTimer = null;
          this.following?.check();
        }, wait);
      });
      return source;
    };
    const check = () => {
      const wanted = document.visibilityState === 'visible' && Date.now() - lastInput < LIVE_WITHOUT_INPUT_MS;
      const following = this.following;
      if (!following) return;
      if (wanted && !following.source && reopenTimer === null) {
        following.source = open();
        refresh();
      } else if (!wanted && following.source) {
        following.source.close();
        following.source = null;
        this.live = false;
      }
    };
    const stop = () => {
      clearTimeout(timer);
      clearTimeout(reopenTimer);
    };
    this.following = { source: null, check, idle: setInterval(check, 60 * 1000), stop };
    this.following.source = open();
    document.addEventListener('visibilitychange', check);
    onInput.add(check);
  }

  unfollow() {
    const following = this.following;
    if (!following) return;
    this.following = null;
    following.source?.close();
    following.stop();
    clearInterval(following.idle);
    document.removeEventListener('visibilitychange', following.check);
    onInput.delete(following.check);
    this.live = false;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.unfollow();
  }

  /** Says whether the screen follows the shop live, or waits for the person to come back. */
  liveNote() {
    return html`<p class="live-note" data-live=${this.live ? 'on' : 'off'}>${this.live
      ? 'Updates appear as they happen.'
      : 'Live updates are paused; they resume when you use the page.'}</p>`;
  }

  messages() {
    return html`${this.error ? problem(this.error) : nothing}
    <p class="notice" role="status" aria-live="polite">${this.notice || ''}</p>`;
  }
}

/** A problem as a person reads it: the server's detail, then each error with its row(s) and field. */
export function problem(error) {
  return html`<div class="problem" role="alert"><strong>${error.message}</strong>${error.errors.length
      ? html`<ul>${error.errors.map((e) => html`<li>${where(e)}${e.field ? html`<code>${e.field}</code> ` : ''}${e.message}</li>`)}</ul>`
      : nothing}</div>`;
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

/** The events of an order's life: placed, then paid, cancelled, shipped, delivered or refunded. */
export const STATUS_EVENTS = ['order.placed', 'order.paid', 'order.cancelled', 'order.shipped', 'order.delivered',
  'order.refunded'];
