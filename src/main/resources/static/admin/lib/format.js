import { get } from '../api.js';

// How money, times and statuses read in the console. Money stays in integer minor units until it is shown.

const digitsCache = new Map();

/** How many minor-unit digits a currency has (2 for EUR, 0 for JPY), as the browser's Intl knows it. */
export function minorDigits(currency) {
  if (!digitsCache.has(currency)) {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    digitsCache.set(currency, digits);
  }
  return digitsCache.get(currency);
}

/** {amount: 1999, currency: 'EUR'} → "€19.99", without going through a fractional number. */
export function money(value) {
  if (!value) return '';
  const { amount, currency } = value;
  const digits = minorDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount)).padStart(digits + 1, '0');
  const major = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  // Intl formats a decimal string exactly (no float), grouping and placing the symbol for the locale.
  return sign + new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(major);
}

/** The amount as a person types it: 1999 → "19.99". */
export function majorText(amount, currency) {
  const digits = minorDigits(currency);
  const text = String(amount).padStart(digits + 1, '0');
  return digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
}

/** "19.99" → 1999, or null when the text is not an amount in this currency. */
export function parseMajor(text, currency) {
  const digits = minorDigits(currency);
  const match = /^\s*(\d{1,9})(?:[.,](\d+))?\s*$/.exec(text);
  if (!match || (match[2] && match[2].length > digits)) return null;
  return Number(match[1]) * 10 ** digits + Number((match[2] || '').padEnd(digits, '0') || 0);
}

export function dateTime(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function date(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export function statusLabel(status) {
  return (status || '').replaceAll('_', ' ');
}

let currency;

/** The shop's currency, as the admin summary states it (one currency per shop: BODEGA_CURRENCY). */
export function shopCurrency() {
  currency ??= get('/admin/summary').then((s) => s.today.revenue.currency).catch((e) => {
    currency = undefined; // asked again next time
    throw e;
  });
  return currency;
}
