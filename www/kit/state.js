// The URL is the state. One table of properties drives both reading and writing it; a bad or
// hostile value falls back to its default and leaves a note the page shows as plain text.

/** The format version written into every link; old links without it are read as version 1. */
export const VERSION = 1;

const MAX_NOTE_CHARS = 40;

/** Shortens untrusted text for a note (it is shown with textContent, never as HTML). */
function quote(text) {
  const s = String(text);
  return JSON.stringify(s.length > MAX_NOTE_CHARS ? `${s.slice(0, MAX_NOTE_CHARS)}…` : s);
}

/** A finite number in [min, max]. */
export function number(min, max) {
  return {
    parse(text) {
      const t = text.trim();
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return { error: "is not a number" };
      const v = Number(t);
      if (!Number.isFinite(v)) return { error: "is too large" };
      if (v < min || v > max) return { error: `is outside ${min} … ${max}` };
      return { value: v };
    },
    write: (v) => formatNumber(v),
  };
}

/** A whole number in [min, max]. */
export function integer(min, max) {
  return {
    parse(text) {
      const t = text.trim();
      if (!/^\d+$/.test(t)) return { error: "is not a whole number" };
      const v = Number(t);
      if (v < min || v > max) return { error: `is outside ${min} … ${max}` };
      return { value: v };
    },
    write: (v) => String(v),
  };
}

/** One of a list of names known at parse time. */
export function oneOf(namesOf) {
  return {
    parse(text) {
      const names = namesOf();
      return names.includes(text) ? { value: text } : { error: `is not one of ${names.join(", ")}` };
    },
    write: (v) => v,
  };
}

/** Four numbers "xmin,xmax,ymin,ymax" with min < max: a window onto the plane. */
export function windowOf(limit) {
  return {
    parse(text) {
      const parts = text.split(",");
      if (parts.length !== 4) return { error: "needs four numbers: xmin,xmax,ymin,ymax" };
      const vs = parts.map((p) => number(-limit, limit).parse(p));
      const bad = vs.find((v) => v.error);
      if (bad) return { error: `has a number that ${bad.error}` };
      const [x0, x1, y0, y1] = vs.map((v) => v.value);
      if (!(x0 < x1 && y0 < y1)) return { error: "needs xmin < xmax and ymin < ymax" };
      if (x1 - x0 < 1e-9 * Math.max(1, Math.abs(x0)) || y1 - y0 < 1e-9 * Math.max(1, Math.abs(y0))) {
        return { error: "is too small to draw" };
      }
      return { value: [x0, x1, y0, y1] };
    },
    write: (v) => v.map(formatNumber).join(","),
  };
}

/** Shortest text that reads back as the same double (so links reproduce exactly). */
export function formatNumber(v) {
  return String(v);
}

/**
 * Reads `search` (a URLSearchParams or query string) against `props`, a table of
 * `{ key, kind, fallback(state) }`. Returns `{ state, notes }`: every key has a value, and each
 * ignored value has a note in plain words. Unknown keys are ignored silently (old links keep
 * working), missing keys take their defaults.
 */
export function readState(search, props) {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const state = {};
  const notes = [];
  const v = params.get("v");
  if (v !== null && v !== String(VERSION)) {
    notes.push(`This link was made by a newer Downhill (format ${quote(v)}); some settings may be ignored.`);
  }
  for (const prop of props) {
    const raw = params.get(prop.key);
    if (raw === null || raw === "") {
      state[prop.key] = prop.fallback(state);
      continue;
    }
    const parsed = prop.kind.parse(raw);
    if ("value" in parsed) {
      state[prop.key] = parsed.value;
    } else {
      state[prop.key] = prop.fallback(state);
      const fallback = state[prop.key];
      const shown = prop.show ? prop.show(fallback) : fallback === undefined ? "the default" : prop.kind.write(fallback);
      notes.push(`Ignored ${prop.key}=${quote(raw)} from the link: it ${parsed.error}. Using ${shown}.`);
    }
  }
  return { state, notes };
}

let lesson = null;
let embedded = false;

/** The lesson the page shows; written first into every link. */
export function setLesson(name) {
  lesson = name;
}

/** Whether the page is embedded (`embed=1`): kept in every link the view writes. */
export function setEmbedded(on) {
  embedded = on;
}

/** Writes `state` as a query string, in table order, omitting keys whose value is `undefined`. */
export function writeState(state, props) {
  const params = new URLSearchParams();
  params.set("v", String(VERSION));
  if (lesson) params.set("lesson", lesson);
  if (embedded) params.set("embed", "1");
  for (const prop of props) {
    const value = state[prop.key];
    if (value === undefined || value === null) continue;
    params.set(prop.key, prop.kind.write(value));
  }
  return params.toString().replaceAll("%2C", ",");
}

let pending = null;

/** Replaces the address bar's query (no new history entry), at most a few times a second. */
export function publish(state, props) {
  const query = writeState(state, props);
  if (pending) clearTimeout(pending);
  pending = setTimeout(() => {
    pending = null;
    const url = `${location.pathname}?${query}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, "", url);
  }, 120);
}

/** Writes the query immediately (used before a reload or when copying a link). */
export function publishNow(state, props) {
  if (pending) clearTimeout(pending);
  pending = null;
  history.replaceState(null, "", `${location.pathname}?${writeState(state, props)}${location.hash}`);
}
