// Reads the numbers out of a readout's text, however it is formatted, with the precision the
// text shows, so that the link corpus (corpus.test.mjs) can compare today's display with a later,
// differently formatted one fairly.
//
//   parseNumbers("∇f = (−3.7202e−6, 12.5)")  → [{ value: -3.7202e-6, resolution: 1e-10, text: "−3.7202e−6" },
//                                               { value: 12.5, resolution: 0.1, text: "12.5" }]
//   sameNumber(a, b)                          → true when a and b agree within the coarser precision
//
// What it understands: "−" (U+2212) or "-" as a minus sign when it is written against the number
// ("(−1.1, 0.4)"; a spaced " − " is an operator and is left alone); thousands separators
// ("2,930", "$17,404"); a "$" after the sign ("−$3,120"); "%" (the value stays in percent units);
// exponents "1.0e−3", "2e-2", "3.863 × 10¹⁰", "5·10⁻¹" and a bare power "10⁻²"; "k"/"M" suffixes
// ("12k", "1.5M"); "∞" and "−∞". Digits that belong to a name ("L2", "r1", "Gr_Liv_Area") are not
// numbers; neither are lone superscripts ("R²", "$²") or subscripts ("x₀").
//
// The resolution is the absolute step of the last digit shown, in the number's own units:
// "6.7470" → 1e-4, "43.9 %" → 0.1, "$17,404" → 1, "−3.7202e−6" → 1e-10, "3.863 × 10¹⁰" → 1e7,
// "12k" → 1000. Infinities have resolution 0 (they must match exactly).

const SUPER = { "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "" };

const NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.])` + // not the tail of a name, a number or a decimal
    String.raw`(?<sign>[-−+]?)(?<money>\$?)` +
    String.raw`(?:(?<inf>∞)|` +
    String.raw`(?<int>\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.(?<frac>\d+))?` +
    String.raw`(?:[eE](?<esign>[-−+]?)(?<exp>\d+)` +
    String.raw`|\s*[×x·⋅*]\s*10(?<sexp>[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)` +
    String.raw`|(?<bare>(?<=(?<![\d.])10)[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))?` +
    String.raw`(?<suffix>[kM](?![\p{L}\p{N}]))?` +
    String.raw`(?:\s?(?<percent>%))?)`,
  "gu",
);

/**
 * Every number in `text`, in order: `{ value, resolution, text, unit, index }` where `text` is
 * the number as written (from `index` in `text`) and `unit` is "$", "%" or "" (for information;
 * comparisons ignore it).
 */
export function parseNumbers(text) {
  const out = [];
  for (const m of String(text ?? "").matchAll(NUMBER)) {
    const g = m.groups;
    const negative = g.sign === "-" || g.sign === "−";
    const shown = m[0];
    const unit = g.money ? "$" : g.percent ? "%" : "";
    if (g.inf) {
      out.push({ value: negative ? -Infinity : Infinity, resolution: 0, text: shown, unit, index: m.index });
      continue;
    }
    const digits = g.int.replaceAll(",", "");
    const frac = g.frac ?? "";
    let exponent = 0;
    let mantissa = `${digits}${frac ? `.${frac}` : ""}`;
    if (g.exp !== undefined) {
      exponent = Number(`${g.esign === "-" || g.esign === "−" ? "-" : ""}${g.exp}`);
    } else if (g.sexp !== undefined) {
      exponent = Number([...g.sexp].map((c) => SUPER[c]).join(""));
    } else if (g.bare !== undefined) {
      // "10⁻²": the digits were the base 10, not a mantissa.
      exponent = Number([...g.bare].map((c) => SUPER[c]).join(""));
      mantissa = "1";
    }
    if (g.suffix === "k") exponent += 3;
    else if (g.suffix === "M") exponent += 6;
    const places = g.bare !== undefined ? 0 : frac.length;
    const value = Number(`${negative ? "-" : ""}${mantissa}e${exponent}`);
    const resolution = Number(`1e${exponent - places}`);
    out.push({ value: Object.is(value, -0) ? 0 : value, resolution, text: shown, unit, index: m.index });
  }
  return out;
}

/** The relative slack on top of half a displayed unit: rounding in the arithmetic, nothing more. */
export const RELATIVE_SLACK = 1e-9;

/**
 * Whether two displayed numbers agree: within half a unit in the last place of the less precise
 * of the two, plus RELATIVE_SLACK of the larger magnitude. Each is `{ value, resolution }`.
 */
export function sameNumber(a, b) {
  if (!Number.isFinite(a.value) || !Number.isFinite(b.value)) return a.value === b.value;
  const tolerance = 0.5 * Math.max(a.resolution, b.resolution) + RELATIVE_SLACK * Math.max(Math.abs(a.value), Math.abs(b.value));
  return Math.abs(a.value - b.value) <= tolerance;
}

/** A number for JSON (which has no Infinity): finite numbers as they are, infinities as text. */
export const toJson = (v) => (Number.isFinite(v) ? v : String(v));

/** The inverse of toJson. */
export const fromJson = (v) => (typeof v === "number" ? v : Number(v));
