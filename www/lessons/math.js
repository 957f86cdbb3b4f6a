// A tiny MathML builder for the lesson texts: formulas are built as MathML elements with
// createElementNS (modern browsers render MathML Core without a JavaScript math library), and
// text always goes in as text, never as markup.
//
//   math(mi("x"), mo("←"), mi("x"), mo("−"), mi("η"), mi("f"), mo("′"), paren(mi("x")))

const NS = "http://www.w3.org/1998/Math/MathML";

/** A MathML element `tag` with children (nodes, or strings that become text). */
export function el(tag, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/** An inline formula. */
export function math(...children) {
  return el("math", el("mrow", ...children));
}

/** A displayed formula, centred on a line of its own. */
export function display(...children) {
  const node = math(...children);
  node.setAttribute("display", "block");
  return node;
}

/** An identifier (a variable: italic when one letter). */
export const mi = (text) => el("mi", text);
/** An operator or fence. */
export const mo = (text) => el("mo", text);
/** A number. */
export const mn = (text) => el("mn", text);
/** Plain words inside a formula. */
export const mtext = (text) => el("mtext", text);
/** A grouped row. */
export const row = (...children) => el("mrow", ...children);
/** A fraction. */
export const frac = (top, bottom) => el("mfrac", top, bottom);
/** A power. */
export const sup = (base, power) => el("msup", base, power);
/** A subscript. */
export const sub = (base, index) => el("msub", base, index);
/** Under and over, as in a sum's limits. */
export const underover = (base, under, over) => el("munderover", base, under, over);
/** Under, as in a limit's "h → 0". */
export const under = (base, below) => el("munder", base, below);
/** Round brackets around a row. */
export const paren = (...children) => row(mo("("), ...children, mo(")"));
/** f′(arg) written out: the prime as an operator after f. */
export const prime = (name = "f") => row(mi(name), mo("′"));
/** ∂f/∂x as a fraction. */
export const partial = (f, x) => frac(row(mo("∂"), mi(f)), row(mo("∂"), mi(x)));
