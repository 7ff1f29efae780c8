import type { FieldError } from '../validation';

/**
 * How deep arrays and objects may nest in any JSON the platform accepts: a request body, a record
 * on a topic. The request body (or record value) is level 1, so an event's payload may nest 63
 * levels. Deeper values are refused at the door: JSON.stringify, validators and the signing of
 * the body all recurse, and would fail with a stack overflow much further down the pipeline.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of a JSON text, counted without recursion (and without parsing), so that
 * a hostile body is measured safely before anything else looks at it. Stops counting past `stopAt`.
 */
export function jsonDepth(text: string, stopAt = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > stopAt) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** The deepest nesting of a parsed JSON value (1 for an empty array or object), iteratively; stops past `stopAt`. */
export function valueDepth(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > stopAt) return deepest;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The error naming the limit, or none. */
export function jsonDepthErrors(text: string, field = ''): FieldError[] {
  return jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH ? [tooDeep(field)] : [];
}

/** The same limit for a value already parsed. */
export function valueDepthErrors(value: unknown, field = ''): FieldError[] {
  return valueDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH ? [tooDeep(field)] : [];
}

const tooDeep = (field: string): FieldError => ({ field, message: `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels (the documented limit)` });

// NUL cannot be stored in a Postgres text value, and a lone surrogate is not Unicode (no UTF-8
// encoding exists): names, URLs and other text fields refuse both. Payloads may carry them (they
// are stored and sent as JSON text, where they are escapes).
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The text with NUL and lone surrogates replaced by U+FFFD: for diagnostic text (response bodies, headers) kept as it can be. */
export function toStorableText(text: string): string {
  return text.replace(new RegExp(UNSTORABLE.source, 'g'), '\uFFFD');
}

/** Why a text field's value cannot be kept, or null. */
export function unstorableText(value: string): string | null {
  const found = UNSTORABLE.exec(value);
  if (!found) return null;
  return found[0] === '\u0000' ? 'must not contain the NUL character (\\u0000)' : 'must not contain a lone UTF-16 surrogate (not valid Unicode)';
}

/**
 * Every string (and object key) of a JSON value that cannot be kept as text, named by its path;
 * iterative, so any depth is safe. `skip` leaves out subtrees by path (e.g. `payload`).
 */
export function unstorableTextErrors(value: unknown, skip: readonly string[] = [], limit = 10): FieldError[] {
  const errors: FieldError[] = [];
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0 && errors.length < limit) {
    const [v, path] = stack.pop()!;
    if (skip.includes(path)) continue;
    if (typeof v === 'string') {
      const problem = unstorableText(v);
      if (problem) errors.push({ field: path, message: problem });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        const child = path ? `${path}.${k}` : k;
        const problem = unstorableText(k);
        if (problem) errors.push({ field: child, message: `name ${problem}` });
        stack.push([item, child]);
      }
    }
  }
  return errors;
}
