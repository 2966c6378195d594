// Staff: the administrators and pending invitations; invite by e-mail, revoke an invitation, remove an administrator
// (the server never removes the last one).
import { html, nothing } from 'lit';
import { api, get, post, query } from '../api.js';
import { Screen, confirmAction, pager } from '../lib/screen.js';
import { dateTime } from '../lib/format.js';

class Staff extends Screen {
  static properties = { members: { state: true }, invites: { state: true }, inviteCursors: { state: true } };

  constructor() {
    super();
    this.inviteCursors = [];
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    await this.attempt(async () => {
      const [members, invites] = await Promise.all([get(`/admin/staff${query({ cursor: this.cursors.at(-1) })}`),
        get(`/admin/staff/invites${query({ cursor: this.inviteCursors.at(-1) })}`)]);
      this.members = members;
      this.invites = invites;
    });
  }

  async invite(event) {
    event.preventDefault();
    const form = event.target;
    const body = Object.fromEntries(new FormData(form));
    const invite = await this.attempt(() => post('/admin/staff/invites', body));
    if (invite) {
      form.reset();
      this.say(`Invitation sent to ${invite.email}.`);
      await this.load();
    }
  }

  async revoke(invite) {
    if (!await confirmAction({ title: `Revoke the invitation of ${invite.email}`, text: 'Its link stops working.', confirm: 'Revoke', danger: true })) return;
    if (await this.attempt(() => api(`/admin/staff/invites/${invite.id}`, { method: 'DELETE' }))) {
      this.say(`Invitation of ${invite.email} revoked.`);
      await this.load();
    }
  }

  async removeMember(admin) {
    if (!await confirmAction({ title: `Remove ${admin.email}`, text: `${admin.you ? 'You' : 'They'} can no longer sign in to the console; open sessions end at once.`,
      confirm: 'Remove', danger: true })) return;
    if (await this.attempt(() => api(`/admin/staff/${admin.id}`, { method: 'DELETE' }))) {
      this.say(`${admin.email} removed.`);
      if (admin.you) location.reload(); else await this.load();
    }
  }

  render() {
    const m = this.members;
    const i = this.invites;
    return html`<h1 tabindex="-1">Staff</h1>
      ${this.messages()}
      ${m ? html`<div class="scroll"><table>
          <caption class="visually-hidden">Administrators</caption>
          <thead><tr><th scope="col">Administrator</th><th scope="col">Name</th><th scope="col">Since</th><th scope="col">Actions</th></tr></thead>
          <tbody>${m.items.map((a) => html`<tr><th scope="row">${a.email}${a.you ? ' (you)' : ''}</th><td>${a.name}</td>
            <td>${dateTime(a.createdAt)}</td>
            <td><button type="button" @click=${() => this.removeMember(a)} aria-label="Remove ${a.email}">Remove</button></td></tr>`)}</tbody>
        </table></div>
        ${pager(m, this.cursors, (c) => { this.cursors = c; this.load(); }, 'Pages of administrators')}` : nothing}
      <h2>Pending invitations</h2>
      ${i ? html`${i.items.length ? html`<ul>${i.items.map((v) => html`<li>${v.email} (${v.name}), invited ${dateTime(v.invitedAt)}
          by ${v.invitedBy}, valid until ${dateTime(v.expiresAt)}
          <button type="button" @click=${() => this.revoke(v)} aria-label="Revoke the invitation of ${v.email}">Revoke</button></li>`)}</ul>`
          : html`<p>None.</p>`}
        ${pager(i, this.inviteCursors, (c) => { this.inviteCursors = c; this.load(); }, 'Pages of invitations')}` : nothing}
      <form class="filters" @submit=${this.invite} aria-label="Invite an administrator">
        <div><label for="invite-email">E-mail of the new administrator</label><input id="invite-email" name="email" type="email" required></div>
        <div><label for="invite-name">Their name</label><input id="invite-name" name="name" required maxlength="100"></div>
        <button type="submit" class="primary">Send invitation</button>
      </form>`;
  }
}

customElements.define('bodega-staff', Staff);
