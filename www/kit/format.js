// Numbers as the page writes them: one module, so every lesson writes the same kind of number the
// same way. Minus signs are U+2212 (−), never the hyphen; NaN is "undefined" and infinities are
// ∞ and −∞, because a learner sees those states, not a crash. (URLs keep JavaScript's shortest
// round-trip text: see formatNumber in state.js.)

export const MINUS = "−";

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/** The digits of an integer exponent as superscripts: −4 → "⁻⁴". */
export function superscript(n) {
  return String(n).replace(/./g, (c) => SUPERSCRIPT[c] ?? c);
}

/** Words for a value that is not finite, or null when it is. */
function notFinite(v) {
  if (Number.isNaN(v)) return "undefined";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : `${MINUS}∞`;
  return null;
}

/**
 * The page's one way to write a number: `digits` significant digits (4 by default; a lesson
 * about precision asks for more), thousands separated (12,350), and powers of ten written out
 * when the number is tiny or huge (3.72 × 10⁻⁶), with no-break spaces so it never breaks over
 * lines.
 */
export function value(v, digits = 4) {
  const special = notFinite(v);
  if (special) return special;
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return sci(v, digits);
  const sign = v < 0 ? MINUS : "";
  return sign + a.toLocaleString("en-US", { maximumSignificantDigits: digits });
}

/** A number as m × 10ⁿ with `digits` significant digits in m: "3.72 × 10⁻⁶", "1 × 10⁸". */
export function sci(v, digits = 4) {
  const special = notFinite(v);
  if (special) return special;
  const [m, e] = v.toExponential(Math.max(0, digits - 1)).split("e");
  const power = `10${superscript(Number(e))}`;
  if (Number(m) === 1) return power; // 10⁻⁸, not 1 × 10⁻⁸
  if (Number(m) === -1) return `${MINUS}${power}`;
  return `${String(Number(m)).replace("-", MINUS)}\u202f×\u202f${power}`;
}

/** A readout value where the function may have none: "undefined here" for NaN. */
export function valueHere(v) {
  return Number.isNaN(v) ? "undefined here" : value(v);
}

/** A point (x, y) as the readouts write it. */
export function point(x, y) {
  return `(${value(x)}, ${value(y)})`;
}

/**
 * A learning rate (or any rate a slider sets), 2 significant digits as a plain decimal: 0.05,
 * 0.001, 0.000015. The core writes rates in labels ("Adam, η = 0.001") the same way.
 */
export function rate(v) {
  const special = notFinite(v);
  if (special) return special;
  if (Math.abs(v) < 1e-6 && v !== 0) return sci(v, 2);
  return String(Number(v.toPrecision(2))).replace("-", MINUS);
}

/** A step size that spans decades (the derivative lesson's h): 0.5, 0.01, 10⁻⁴, 2.5 × 10⁻⁶. */
export function power(v) {
  return value(v, 2);
}

/** 5 significant digits with thousands separators: 109.06, 1,400.4, 2.6512. */
export function sig5(v) {
  const a = Math.abs(v);
  const digits = a === 0 ? 2 : Math.min(4, Math.max(0, 4 - Math.floor(Math.log10(a))));
  return a.toLocaleString("en-US", { minimumFractionDigits: Math.min(digits, 2), maximumFractionDigits: digits });
}

/** Dollars: "$17,404", "−$3,120" (whole dollars), or 5 significant digits below $100. */
export function money(v) {
  const special = notFinite(v);
  if (special) return special;
  const sign = v < 0 ? MINUS : "";
  const a = Math.abs(v);
  if (a < 0.005) return "$0";
  const text = a >= 100 ? Math.round(a).toLocaleString("en-US") : sig5(a);
  return `${sign}$${text}`;
}

/** Dollars to 5 significant digits: "$109.06" (a slope in dollars per unit). */
export function moneySig(v) {
  if (!Number.isFinite(v)) return money(v);
  return `${v < 0 ? MINUS : ""}$${sig5(v)}`;
}

/** 3.081 × 10⁹ (a squared-dollar amount); plain 5 significant digits below 10⁴. */
export function scientific(v) {
  if (!Number.isFinite(v)) return money(v);
  if (Math.abs(v) < 1e4) return sig5(v);
  return sci(v, 4);
}

/** A whole count with thousands separators: 2,930. */
export function count(n) {
  return Math.round(n).toLocaleString("en-US");
}

/**
 * A short label for a chart: 3 significant digits with k and M ($182k, $1.2M, 0.5); `money`
 * puts a dollar sign in front; "—" for a value that is not finite.
 */
export function compact(v, money = false) {
  if (!Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  const sign = v < 0 ? MINUS : "";
  const pre = money ? "$" : "";
  if (a >= 1e6) return `${sign}${pre}${Number((a / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${sign}${pre}${Number((a / 1e3).toPrecision(3))}k`;
  if (a >= 100) return `${sign}${pre}${Math.round(a)}`;
  return `${sign}${pre}${Number(a.toPrecision(3))}`;
}
