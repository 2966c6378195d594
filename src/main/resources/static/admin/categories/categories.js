// Categories as the tree they form: create, rename, move under another, delete (the server refuses while in use).
import { html, nothing } from 'lit';
import { api, get } from '../api.js';
import { Screen, confirmAction } from '../lib/screen.js';

class Categories extends Screen {
  static properties = { items: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    const list = await this.attempt(() => get('/categories'));
    if (list) this.items = list.items;
  }

  childrenOf(parentId) {
    return this.items.filter((c) => (c.parentId || null) === parentId).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every category with its path ("Clothing › Shirts"), for the parent pickers. */
  paths() {
    const byId = new Map(this.items.map((c) => [c.id, c]));
    const path = (c) => (c.parentId && byId.has(c.parentId) ? `${path(byId.get(c.parentId))} › ` : '') + c.name;
    return this.items.map((c) => ({ id: c.id, path: path(c) })).sort((a, b) => a.path.localeCompare(b.path));
  }

  async create(event) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target));
    const body = { name: data.name, slug: data.slug || undefined, parentId: data.parentId || undefined };
    const made = await this.attempt(() => api('/admin/categories', { method: 'POST', body }));
    if (made) {
      event.target.reset();
      this.say(`Category ${made.data.name} created.`);
      await this.load();
    }
  }

  async rename(category) {
    const answer = await confirmAction({ title: `Rename ${category.name}`, text: 'The name shoppers see.',
      fields: html`<label for="rename">New name</label><input id="rename" name="name" required maxlength="100" .value=${category.name}>`,
      confirm: 'Rename' });
    if (answer) await this.patch(category, { name: answer.name }, `Renamed to ${answer.name}.`);
  }

  async move(category) {
    const answer = await confirmAction({ title: `Move ${category.name}`, text: 'Choose its new parent.',
      fields: html`<label for="move-parent">New parent</label><select id="move-parent" name="parentId">
        <option value="">(top level)</option>
        ${this.paths().filter((p) => p.id !== category.id).map((p) => html`<option value=${p.id} ?selected=${p.id === category.parentId}>${p.path}</option>`)}
      </select>`, confirm: 'Move' });
    if (answer) await this.patch(category, { parentId: answer.parentId }, `${category.name} moved.`);
  }

  async patch(category, body, done) {
    const changed = await this.attempt(() => api(`/admin/categories/${category.id}`, { method: 'PATCH', body }));
    if (changed) {
      this.say(done);
      await this.load();
    }
  }

  async removeCategory(category) {
    if (!await confirmAction({ title: `Delete ${category.name}`, text: 'This cannot be undone.', confirm: 'Delete', danger: true })) return;
    const done = await this.attempt(() => api(`/admin/categories/${category.id}`, { method: 'DELETE' }));
    if (done) {
      this.say(`${category.name} deleted.`);
      await this.load();
    }
  }

  branch(parentId) {
    const children = this.childrenOf(parentId);
    if (!children.length) return nothing;
    // Nested lists, which screen readers announce with their depth; not an ARIA tree, whose arrow-key navigation
    // would fight the buttons on each line.
    return html`<ul class="tree" aria-label=${parentId ? nothing : 'Categories'}>
      ${children.map((c) => html`<li>
        <strong>${c.name}</strong> <code>${c.slug}</code>
        <button type="button" @click=${() => this.rename(c)} aria-label="Rename ${c.name}">Rename</button>
        <button type="button" @click=${() => this.move(c)} aria-label="Move ${c.name}">Move</button>
        <button type="button" @click=${() => this.removeCategory(c)} aria-label="Delete ${c.name}">Delete</button>
        ${this.branch(c.id)}</li>`)}</ul>`;
  }

  render() {
    return html`<h1 tabindex="-1">Categories</h1>
      ${this.messages()}
      ${this.items ? (this.items.length ? this.branch(null) : html`<p>No categories yet.</p>`) : html`<p class="loading">Loading…</p>`}
      <form class="filters" @submit=${this.create} aria-label="New category">
        <div><label for="category-name">New category name</label><input id="category-name" name="name" required maxlength="100"></div>
        <div><label for="category-slug">Slug (optional)</label><input id="category-slug" name="slug" maxlength="100"></div>
        <div><label for="category-parent">Parent</label><select id="category-parent" name="parentId"><option value="">(top level)</option>
          ${(this.items ? this.paths() : []).map((p) => html`<option value=${p.id}>${p.path}</option>`)}</select></div>
        <button type="submit">Create category</button>
      </form>`;
  }
}

customElements.define('bodega-categories', Categories);
