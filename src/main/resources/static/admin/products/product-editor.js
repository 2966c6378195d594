// One product's editor: its fields, variants and images. Every change names the version it was made on (If-Match);
// when someone else changed the product meanwhile, the server refuses (412) and the editor says so, keeping what was
// typed, instead of overwriting their change.
import { html, nothing } from 'lit';
import { api, Problem } from '../api.js';
import { Screen, confirmAction } from '../lib/screen.js';
import { majorText, parseMajor, shopCurrency } from '../lib/format.js';

/**
 * "size=M; color=red" ⇄ {size: 'M', color: 'red'}, with the CSV file's escapes: a backslash before \, = or ; inside
 * a name or value ("fit=slim\;tall" is {fit: 'slim;tall'}).
 */
export function optionsText(options) {
  const escape = (text) => text.replace(/[\\;=]/g, '\\$&');
  return Object.entries(options || {}).map(([k, v]) => `${escape(k)}=${escape(v)}`).join('; ');
}

/** The options a text names, or null when it is not name=value pairs separated by ;. */
export function parseOptions(text) {
  const pairs = [];
  let name = null;
  let part = '';
  const end = () => {
    if (name === null) {
      if (part.trim()) return false; // a pair without =
    } else {
      if (!name.trim()) return false;
      pairs.push([name.trim(), part.trim()]);
    }
    name = null;
    part = '';
    return true;
  };
  const chars = [...(text || '')];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\' && i + 1 < chars.length) {
      part += chars[++i];
    } else if (c === '=' && name === null) {
      name = part;
      part = '';
    } else if (c === ';') {
      if (!end()) return null;
    } else {
      part += c;
    }
  }
  if (!end()) return null;
  return Object.fromEntries(pairs);
}

class ProductEditor extends Screen {
  static properties = { productId: { type: String }, product: { state: true }, conflict: { state: true },
    dragging: { state: true }, shop: { state: true } };

  connectedCallback() {
    super.connectedCallback();
    shopCurrency().then((currency) => { this.shop = currency; }, (e) => { this.error = e; });
    if (this.productId !== 'new') this.load();
  }

  get currency() {
    return this.product?.variants?.[0]?.price?.currency || this.shop;
  }

  async load() {
    this.conflict = false;
    this.error = null;
    const answer = await this.attempt(() => api(`/admin/products/${encodeURIComponent(this.productId)}`));
    if (answer) this.keep(answer);
  }

  keep(answer) {
    this.product = answer.data;
    this.etag = answer.etag;
  }

  /** A change on the version this editor shows; a 412 becomes the "someone else changed it" notice. */
  async change(path, options, done) {
    this.conflict = false;
    try {
      this.error = null;
      const answer = await api(`/admin/products/${encodeURIComponent(this.productId)}${path}`,
        { ...options, headers: { 'If-Match': this.etag } });
      if (answer.data) this.keep(answer);
      this.say(done);
      return true;
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      if (e.status === 412) {
        this.conflict = true;
      } else {
        this.error = e;
      }
      return false;
    }
  }

  fields(form) {
    const data = new FormData(form);
    return {
      title: data.get('title'),
      slug: data.get('slug') || undefined,
      description: data.get('description'),
      status: data.get('status'),
      categories: (data.get('categories') || '').split(',').map((c) => c.trim()).filter(Boolean),
    };
  }

  async save(event) {
    event.preventDefault();
    await this.change('', { method: 'PATCH', body: this.fields(event.target) }, 'Product saved.');
  }

  async create(event) {
    event.preventDefault();
    const data = new FormData(event.target);
    const price = parseMajor(data.get('price'), this.shop);
    if (price === null) {
      this.error = new Problem(400, { detail: 'The price is not an amount, such as 19.99.', errors: [] });
      return;
    }
    const body = { ...this.fields(event.target), variants: [{ sku: data.get('sku'), title: data.get('variantTitle') || undefined,
      price: { amount: price, currency: this.shop }, stock: Number(data.get('stock') || 0) }] };
    const answer = await this.attempt(() => api('/admin/products', { method: 'POST', body }));
    if (answer) location.hash = `#/products/${answer.data.id}`;
  }

  async archive() {
    if (!await confirmAction({ title: `Archive ${this.product.title}`, text: 'It leaves the shop; past orders keep it.',
      confirm: 'Archive', danger: true })) return;
    const done = await this.attempt(() => api(`/admin/products/${encodeURIComponent(this.productId)}`, { method: 'DELETE' }));
    if (done) await this.load();
  }

  async saveVariant(variant, event) {
    event.preventDefault();
    const data = new FormData(event.target);
    const amount = parseMajor(data.get('price'), variant.price.currency);
    const options = parseOptions(data.get('options'));
    if (amount === null || options === null) {
      this.error = new Problem(400, { detail: `Variant ${variant.sku} is not saved.`, errors: [
        ...(amount === null ? [{ field: 'price', message: 'is not an amount, such as 19.99' }] : []),
        ...(options === null ? [{ field: 'options', message: 'must be name=value pairs separated by ;' }] : [])] });
      return;
    }
    // Options are sent only when their text was changed: what was not touched is not rewritten.
    const body = { title: data.get('title'), price: { amount, currency: variant.price.currency } };
    if (data.get('options') !== optionsText(variant.options)) body.options = options;
    await this.change(`/variants/${variant.id}`, { method: 'PATCH', body }, `Variant ${variant.sku} saved.`);
  }

  async removeVariant(variant) {
    if (!await confirmAction({ title: `Remove variant ${variant.sku}`, text: 'It can no longer be bought.', confirm: 'Remove', danger: true })) return;
    await this.change(`/variants/${variant.id}`, { method: 'DELETE' }, `Variant ${variant.sku} removed.`);
  }

  async addVariant(event) {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    const amount = parseMajor(data.get('price'), this.currency);
    const options = parseOptions(data.get('options'));
    if (amount === null || options === null) {
      this.error = new Problem(400, { detail: 'The new variant is not added.', errors: [
        ...(amount === null ? [{ field: 'price', message: 'is not an amount, such as 19.99' }] : []),
        ...(options === null ? [{ field: 'options', message: 'must be name=value pairs separated by ;' }] : [])] });
      return;
    }
    const added = await this.change('/variants', { method: 'POST', body: { sku: data.get('sku'), title: data.get('title') || undefined,
      options, price: { amount, currency: this.currency }, stock: Number(data.get('stock') || 0) } }, `Variant ${data.get('sku')} added.`);
    if (added) form.reset();
  }

  async upload(files) {
    for (const file of files) {
      const body = new FormData();
      body.append('file', file);
      if (!await this.change('/images', { method: 'POST', body }, `Image ${file.name} uploaded.`)) return;
    }
  }

  async removeImage(image) {
    await this.change(`/images/${image.id}`, { method: 'DELETE' }, 'Image removed.');
  }

  drop(event) {
    event.preventDefault();
    this.dragging = false;
    this.upload([...event.dataTransfer.files]);
  }

  render() {
    if (this.productId === 'new') return this.newProduct();
    // One heading element whether loaded or not: focus put on it while loading stays there.
    const p = this.product;
    return html`<p><a href="#/products">← All products</a></p>
      <h1 tabindex="-1">${p ? p.title : 'Product'}</h1>
      ${p ? this.editor(p) : this.messages()}`;
  }

  editor(p) {
    return html`${this.conflict ? html`<div class="problem" role="alert"><strong>Someone else changed this product.</strong>
        Your change was not saved, so theirs is not lost. Reload to see their version, then make your change again.
        <div class="actions"><button type="button" class="primary" @click=${this.load}>Reload</button></div></div>` : nothing}
      ${this.messages()}
      <form class="editor-grid" @submit=${this.save} aria-label="Product">
        <div><label for="title">Title</label><input id="title" name="title" required maxlength="200" .value=${p.title}></div>
        <div><label for="slug">Slug</label><input id="slug" name="slug" maxlength="100" pattern="[a-z0-9]+(-[a-z0-9]+)*" .value=${p.slug}></div>
        <div><label for="status">Status</label><select id="status" name="status">
          ${['draft', 'active', 'archived'].map((s) => html`<option value=${s} ?selected=${s === p.status}>${s}</option>`)}</select></div>
        <div><label for="categories">Categories (slugs, comma-separated)</label>
          <input id="categories" name="categories" .value=${(p.categories || []).join(', ')}></div>
        <div class="wide"><label for="description">Description</label>
          <textarea id="description" name="description" rows="5" maxlength="20000" .value=${p.description || ''}></textarea></div>
        <div class="wide actions"><button type="submit" class="primary">Save product</button>
          <button type="button" @click=${this.archive} ?disabled=${p.status === 'archived'}>Archive…</button></div>
      </form>
      <h2>Variants</h2>
      <div class="scroll"><table class="variants">
        <thead><tr><th scope="col">SKU</th><th scope="col">Title</th><th scope="col">Options</th><th scope="col">Price (${this.currency})</th>
          <th scope="col" class="num">Available</th><th scope="col">Actions</th></tr></thead>
        <tbody>${p.variants.map((v) => this.variantRow(v))}</tbody></table></div>
      <form class="filters" @submit=${this.addVariant} aria-label="New variant">
        <div><label for="new-sku">New variant SKU</label><input id="new-sku" name="sku" required maxlength="64"></div>
        <div><label for="new-variant-title">New variant title</label><input id="new-variant-title" name="title" maxlength="200"></div>
        <div><label for="new-options">New variant options</label><input id="new-options" name="options" placeholder="size=M; color=red"></div>
        <div><label for="new-price">New variant price</label><input id="new-price" name="price" required inputmode="decimal"></div>
        <div><label for="new-stock">Initial stock</label><input id="new-stock" name="stock" type="number" min="0" value="0"></div>
        <button type="submit">Add variant</button>
      </form>
      <h2>Images</h2>
      <ul class="images">${p.images.map((i, n) => html`<li><img src=${i.url} alt="Image ${n + 1} of ${p.title}">
        <button type="button" @click=${() => this.removeImage(i)} aria-label="Remove image ${n + 1}">Remove</button></li>`)}</ul>
      <div class="drop ${this.dragging ? 'over' : ''}" @dragover=${(e) => { e.preventDefault(); this.dragging = true; }}
        @dragleave=${() => { this.dragging = false; }} @drop=${this.drop}>
        <label for="image-file">Add images (or drop them here)</label>
        <input id="image-file" type="file" accept="image/jpeg,image/png,image/webp" multiple
          @change=${(e) => { this.upload([...e.target.files]); e.target.value = ''; }}>
      </div>`;
  }

  variantRow(v) {
    const id = `variant-${v.id}`;
    return html`<tr>
      <th scope="row">${v.sku}</th>
      <td><input form=${id} name="title" aria-label="Title of ${v.sku}" .value=${v.title || ''}></td>
      <td><input form=${id} name="options" aria-label="Options of ${v.sku}" .value=${optionsText(v.options)}></td>
      <td><input form=${id} name="price" aria-label="Price of ${v.sku}" inputmode="decimal" required
        .value=${majorText(v.price.amount, v.price.currency)}></td>
      <td class="num">${v.available}</td>
      <td><form id=${id} @submit=${(e) => this.saveVariant(v, e)}><button type="submit">Save ${v.sku}</button>
        <button type="button" @click=${() => this.removeVariant(v)}>Remove ${v.sku}</button></form></td>
    </tr>`;
  }

  newProduct() {
    return html`<p><a href="#/products">← All products</a></p>
      <h1 tabindex="-1">New product</h1>
      ${this.messages()}
      <form class="editor-grid" @submit=${this.create} aria-label="New product">
        <div><label for="title">Title</label><input id="title" name="title" required maxlength="200"></div>
        <div><label for="slug">Slug (optional)</label><input id="slug" name="slug" maxlength="100"></div>
        <div><label for="status">Status</label><select id="status" name="status">
          <option value="draft">draft</option><option value="active">active</option></select></div>
        <div><label for="categories">Categories (slugs, comma-separated)</label><input id="categories" name="categories"></div>
        <div class="wide"><label for="description">Description</label><textarea id="description" name="description" rows="4"></textarea></div>
        <div><label for="sku">SKU</label><input id="sku" name="sku" required maxlength="64"></div>
        <div><label for="variant-title">Variant title (optional)</label><input id="variant-title" name="variantTitle"></div>
        <div><label for="price">Price (${this.shop || ''})</label><input id="price" name="price" required inputmode="decimal"></div>
        <div><label for="stock">Initial stock</label><input id="stock" name="stock" type="number" min="0" value="0"></div>
        <div class="wide actions"><button type="submit" class="primary">Create product</button></div>
      </form>`;
  }
}

customElements.define('bodega-product-editor', ProductEditor);
