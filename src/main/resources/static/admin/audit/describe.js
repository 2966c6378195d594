// One readable line for an audit entry, and its before/after as a list of changed fields.
import { html, nothing } from 'lit';

const PAGES = { product: '#/products/', order: '#/orders/', stock: '#/stock/', customer: '#/customers/' };

/** "order.ship" on order 42 → "ship order 42", the id linking to the order's page where there is one. */
export function change(entry) {
  const verb = entry.action.startsWith(`${entry.entityType}.`) ? entry.action.slice(entry.entityType.length + 1) : entry.action;
  const id = entry.entityId || '';
  const page = PAGES[entry.entityType];
  return html`${verb.replaceAll('_', ' ').replaceAll('.', ' ')} ${entry.entityType.replaceAll('_', ' ')}
    ${page && id ? html`<a href="${page}${encodeURIComponent(id)}">${id}</a>` : id}`;
}

function show(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The fields that differ between before and after, each as "field: old → new". */
export function differences(entry) {
  const before = entry.before || {};
  const after = entry.after || {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changed = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (!changed.length) return nothing;
  return html`<dl class="diff">${changed.map((k) => html`<dt>${k}</dt>
    <dd><del>${show(before[k])}</del> → <ins>${show(after[k])}</ins></dd>`)}</dl>`;
}
