// Products: the list with search and filters, CSV export and import, or one product's editor.
import { html } from 'lit';
import { api, get, Problem, query } from '../api.js';
import { Screen, pager, problem } from '../lib/screen.js';
import { money } from '../lib/format.js';
import './product-editor.js';

class Products extends Screen {
  static properties = { page: { state: true }, cursors: { state: true }, categories: { state: true },
    importing: { state: true }, importAnswer: { state: true } };

  constructor() {
    super();
    this.categories = [];
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.rest?.length) return;
    this.load();
    get('/categories').then((c) => { this.categories = c.items; }).catch(() => {});
  }

  filters() {
    const p = this.params || new URLSearchParams();
    return { q: p.get('q') || '', status: p.get('status') || '', category: p.get('category') || '' };
  }

  async load() {
    const page = await this.attempt(() => get(`/admin/products${query({ ...this.filters(), cursor: this.cursors.at(-1) })}`));
    if (page) this.page = page;
  }

  /**
   * Sends the chosen file as it is, byte for byte: the server reads it as UTF-8 and refuses any other encoding with a
   * clear answer, where decoding it here would have turned a Windows-1252 "ê" into U+FFFD "�" and stored that. The
   * answer appears under the Import button, where the person is looking, and takes the focus so it is read out.
   */
  async importFile(event) {
    event.preventDefault();
    const form = event.target;
    const file = new FormData(form).get('file');
    if (!file) return;
    this.importAnswer = null;
    if (!file.size) {
      await this.answerImport({ problem: new Problem(0, { detail: `The file is empty: ${file.name} has no rows. `
        + 'Nothing was imported.' }) });
      return;
    }
    this.importing = true;
    try {
      const result = (await api('/admin/products/import', { method: 'POST', body: file, type: 'text/csv' })).data;
      form.reset();
      await this.load(); // first, so that the answer does not move once shown
      const counts = (c) => `${c.created} created, ${c.updated} changed, ${c.unchanged} unchanged`;
      await this.answerImport({ done: `Imported ${file.name}. Products: ${counts(result.products)}. `
        + `Variants: ${counts(result.variants)}.` });
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      await this.answerImport({ problem: e });
    } finally {
      this.importing = false;
    }
  }

  async answerImport(answer) {
    this.importAnswer = answer;
    await this.updateComplete;
    this.querySelector('#import-answer')?.focus();
  }

  render() {
    if (this.rest?.length) return html`<bodega-product-editor .productId=${this.rest[0]}></bodega-product-editor>`;
    const f = this.filters();
    return html`<h1 tabindex="-1">Products</h1>
      <div class="actions"><a class="button" href="#/products/new">New product</a>
        <a class="button" href="/api/v1/admin/products/export" download>Export CSV</a></div>
      <form class="filters" role="search" aria-label="Find products" @submit=${(e) => this.filterBy(e, 'products')}>
        <div><label for="product-q">Search</label><input id="product-q" name="q" type="search" .value=${f.q}></div>
        <div><label for="product-status">Status</label><select id="product-status" name="status">
          <option value="">Any</option>
          ${['draft', 'active', 'archived'].map((s) => html`<option value=${s} ?selected=${s === f.status}>${s}</option>`)}
        </select></div>
        <div><label for="product-category">Category</label><select id="product-category" name="category">
          <option value="">Any</option>
          ${this.categories.map((c) => html`<option value=${c.slug} ?selected=${c.slug === f.category}>${c.name}</option>`)}
        </select></div>
        <button type="submit">Find</button>
      </form>
      ${this.messages()}
      ${this.page ? this.table() : html`<p class="loading">Loading…</p>`}
      <form class="import" @submit=${this.importFile}>
        <h2>Import from CSV</h2>
        <p>Every row is checked first; if any is wrong nothing is changed and each wrong row is listed. The format is the
          export's: one row per variant. A product changed after the file was exported is refused, not overwritten.</p>
        <label for="import-file">CSV file</label>
        <input id="import-file" name="file" type="file" accept=".csv,text/csv" required>
        <button type="submit" ?disabled=${this.importing}>${this.importing ? 'Importing…' : 'Import'}</button>
        <div id="import-answer" class="import-answer" tabindex="-1">${this.importAnswer?.problem
          ? problem(this.importAnswer.problem)
          : html`<p class="notice" role="status">${this.importAnswer?.done || ''}</p>`}</div>
      </form>`;
  }

  table() {
    if (!this.page.items.length) return html`<p>No products match.</p>`;
    return html`<div class="scroll"><table>
        <thead><tr><th scope="col">Product</th><th scope="col">Categories</th>
          <th scope="col" class="num">Price from</th><th scope="col" class="num">Available</th></tr></thead>
        <tbody>${this.page.items.map((p) => html`<tr>
          <th scope="row"><a href="#/products/${p.id}">${p.title}</a></th>
          <td>${(p.categories || []).join(', ')}</td>
          <td class="num">${money(p.price)}</td><td class="num">${p.available}</td></tr>`)}</tbody>
      </table></div>
      ${pager(this.page, this.cursors, (cursors) => { this.cursors = cursors; this.load(); })}`;
  }
}

customElements.define('bodega-products', Products);
