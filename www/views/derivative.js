// The derivative lesson: f(x) with a draggable point, its tangent, a secant through x and x + h
// that turns into the tangent as h shrinks, the slopes in a table, f′(x) under f(x), and the
// error of the numerical slopes against h (log-log): it falls, then rises again from rounding.
//
// The first half of this file is the small kit the four derivative lessons share (the
// expression field with its error underline, 1-D plot axes and curves, the guard around calls
// into the core); the view itself starts at `mount`.

import { readState, publish, number } from "../state.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";

// ---- the shared kit ---------------------------------------------------------------------------

const sheets = new Map(); // href -> { link, users }

/** Adds the stylesheet next to this module (`name`, e.g. "derivative.css") once; returns its remover. */
export function useStylesheet(name) {
  const href = new URL(`./${name}`, import.meta.url).href;
  let entry = sheets.get(href);
  if (!entry) {
    entry = { link: h("link", { rel: "stylesheet", href }), users: 0 };
    document.head.append(entry.link);
    sheets.set(href, entry);
  }
  entry.users += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    entry.users -= 1;
    if (entry.users === 0) {
      entry.link.remove();
      sheets.delete(href);
    }
  };
}

/** A theme colour from a CSS custom property (the lessons' colours live in derivative.css). */
export function cssColor(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * Wraps calls into the core: a trap (WebAssembly.RuntimeError) goes to `onTrap` once and stops
 * the view; any other error goes to `onError` as words. Returns `{ guard, stopped }`.
 */
export function createGuard(onTrap, onError) {
  const status = { stopped: false };
  const guard = (fn) => (...args) => {
    if (status.stopped) return undefined;
    try {
      return fn(...args);
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) {
        status.stopped = true;
        onTrap(err);
        return undefined;
      }
      onError(err && err.message ? err.message : String(err));
      return undefined;
    }
  };
  return { guard, status };
}

/**
 * A labelled text field for a typed function. `setError(message, column)` underlines the
 * character at `column` (a see-through copy of the text lies over the input, so the underline
 * sits exactly under the character) and shows the message; `clearError()` removes both.
 */
export function expressionField({ id, label, value, hint }) {
  const input = h("input", {
    id, type: "text", class: "expr-input", value, spellcheck: "false", autocomplete: "off",
    autocapitalize: "off", "aria-describedby": `${id}-msg`, inputmode: "text",
  });
  const mirror = h("div", { class: "expr-mirror", "aria-hidden": "true" });
  const message = h("p", { id: `${id}-msg`, class: "expr-message", "aria-live": "polite" });
  const field = h("div", { class: "field expr-field" },
    h("label", { for: id, text: label }),
    h("div", { class: "expr-box" }, input, mirror),
    message,
    hint ? h("p", { class: "expr-hint", text: hint }) : null);
  const syncScroll = () => {
    mirror.scrollLeft = input.scrollLeft;
  };
  input.addEventListener("scroll", syncScroll);
  input.addEventListener("keyup", syncScroll);
  input.addEventListener("input", syncScroll);
  function clearError() {
    mirror.replaceChildren();
    message.textContent = "";
    message.dataset.tone = "";
    input.removeAttribute("aria-invalid");
    delete field.dataset.column;
  }
  function setError(text, column) {
    const chars = Array.from(input.value);
    const col = Number.isInteger(column) ? Math.max(0, Math.min(column, chars.length)) : null;
    if (col === null) {
      mirror.replaceChildren();
    } else {
      // At the end of the text (something is missing) a space is underlined.
      const bad = col < chars.length ? chars[col] : " ";
      mirror.replaceChildren(
        chars.slice(0, col).join(""),
        h("span", { class: "expr-bad", text: bad }),
        chars.slice(col + 1).join(""),
      );
      field.dataset.column = String(col);
    }
    message.textContent = text;
    message.dataset.tone = "error";
    input.setAttribute("aria-invalid", "true");
    syncScroll();
  }
  return { field, input, setError, clearError, message };
}

/** Plot margins for 1-D plots, CSS px. */
export function plotMargins(width) {
  return width < 480 ? { left: 44, right: 10, top: 10, bottom: 30 } : { left: 54, right: 16, top: 12, bottom: 32 };
}

/**
 * Draws the frame, grid, zero lines and tick labels of a 1-D plot over `xr` × `yr` inside
 * `plot` ({ left, top, width, height }); returns the maps { sx, sy, dataX }. `log` draws
 * decade ticks (10⁻⁸) for axes whose ranges are log10 values.
 */
export function plotAxes(ctx, engine, plot, xr, yr, colors, { xName = "x", yName = "", xLog = false, yLog = false } = {}) {
  const sx = (v) => plot.left + ((v - xr[0]) / (xr[1] - xr[0])) * plot.width;
  const sy = (v) => plot.top + ((yr[1] - v) / (yr[1] - yr[0])) * plot.height;
  const dataX = (px) => xr[0] + ((px - plot.left) / plot.width) * (xr[1] - xr[0]);
  const ticks = (lo, hi, count, log) => {
    if (log) {
      const all = [];
      const stride = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo) + 1) / count));
      for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) if (e % stride === 0) all.push({ v: e, label: e === 0 ? "1" : `10${superscript(e)}` });
      return all;
    }
    const vs = engine.niceTicks(lo, hi, count);
    const step = vs.length > 1 ? vs[1] - vs[0] : hi - lo;
    return Array.from(vs, (v) => ({ v, label: engine.formatTick(v, step).replace(/^-/, "−") }));
  };
  const xt = ticks(xr[0], xr[1], Math.max(3, Math.floor(plot.width / 70)), xLog);
  const yt = ticks(yr[0], yr[1], Math.max(3, Math.floor(plot.height / 45)), yLog);
  ctx.save();
  ctx.fillStyle = colors.surface;
  ctx.fillRect(plot.left, plot.top, plot.width, plot.height);
  ctx.lineWidth = 1;
  ctx.strokeStyle = colors.grid;
  ctx.beginPath();
  for (const t of xt) {
    const x = Math.round(sx(t.v)) + 0.5;
    ctx.moveTo(x, plot.top);
    ctx.lineTo(x, plot.top + plot.height);
  }
  for (const t of yt) {
    const y = Math.round(sy(t.v)) + 0.5;
    ctx.moveTo(plot.left, y);
    ctx.lineTo(plot.left + plot.width, y);
  }
  ctx.stroke();
  ctx.strokeStyle = colors.muted;
  if (!yLog && yr[0] < 0 && yr[1] > 0) {
    ctx.beginPath();
    ctx.moveTo(plot.left, Math.round(sy(0)) + 0.5);
    ctx.lineTo(plot.left + plot.width, Math.round(sy(0)) + 0.5);
    ctx.stroke();
  }
  if (!xLog && xr[0] < 0 && xr[1] > 0) {
    ctx.beginPath();
    ctx.moveTo(Math.round(sx(0)) + 0.5, plot.top);
    ctx.lineTo(Math.round(sx(0)) + 0.5, plot.top + plot.height);
    ctx.stroke();
  }
  ctx.strokeRect(plot.left - 0.5, plot.top - 0.5, plot.width + 1, plot.height + 1);
  ctx.fillStyle = colors.ink;
  ctx.font = "12px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  const bottom = plot.top + plot.height;
  for (const t of xt) ctx.fillText(t.label, sx(t.v), bottom + 5);
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of yt) ctx.fillText(t.label, plot.left - 6, sy(t.v));
  ctx.font = "italic 13px Georgia, serif";
  ctx.fillStyle = colors.muted;
  ctx.textAlign = "right";
  ctx.textBaseline = "top";
  // Axis names inside the plot: the x name at the right end above the axis, the y name at
  // the top left, clear of the tick labels outside.
  ctx.textBaseline = "bottom";
  ctx.fillText(`${xName} →`, plot.left + plot.width - 6, bottom - 3);
  if (yName) {
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    ctx.fillText(yName, plot.left + 6, plot.top + 4);
  }
  ctx.restore();
  return { sx, sy, dataX };
}

function superscript(e) {
  const digits = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  return String(e).split("").map((c) => digits[c]).join("");
}

/** The canvas colours of the derivative lessons, read from the page's theme. */
export function lessonColors() {
  const base = draw.themeColors();
  return {
    ...base,
    grid: cssColor("--plot-grid", "rgba(127,127,127,0.18)"),
    curve: cssColor("--ink", "#1b1b1f"),
    tangent: cssColor("--tangent", "#0072b2"),
    secant: cssColor("--secant", "#d55e00"),
    central: cssColor("--central", "#cc79a7"),
    derivative: cssColor("--derivative", "#009e73"),
  };
}

/**
 * Strokes the curve through (xs[i], ys[i]) clipped to `plot`, lifting the pen where a value is
 * undefined or jumps by more than a plot height between neighbours (a pole such as 1/x).
 */
export function strokeCurve(ctx, xs, ys, sx, sy, plot, color, width = 2.5, dash = []) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  ctx.beginPath();
  let pen = false;
  let lastY = 0;
  const far = 4 * plot.height;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (!Number.isFinite(y)) {
      pen = false;
      continue;
    }
    const px = sx(xs[i]);
    let py = sy(y);
    py = Math.max(plot.top - far, Math.min(plot.top + plot.height + far, py));
    if (pen && Math.abs(py - lastY) > 1.5 * plot.height) pen = false;
    if (pen) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
    pen = true;
    lastY = py;
  }
  ctx.lineJoin = "round";
  ctx.lineCap = "round";
  ctx.setLineDash(dash);
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.stroke();
  ctx.restore();
}

/** A straight line through (x0, y0) with slope m across the plot (clipped), in data units. */
export function strokeLine(ctx, x0, y0, m, xr, sx, sy, plot, color, width = 2, dash = []) {
  if (!(Number.isFinite(x0) && Number.isFinite(y0) && Number.isFinite(m))) return;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  ctx.beginPath();
  ctx.moveTo(sx(xr[0]), sy(y0 + m * (xr[0] - x0)));
  ctx.lineTo(sx(xr[1]), sy(y0 + m * (xr[1] - x0)));
  ctx.setLineDash(dash);
  ctx.lineCap = "round";
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.stroke();
  ctx.restore();
}

/** A number for the tables: 6 significant digits, or "undefined here" where it is NaN. */
export function shown(v) {
  return Number.isNaN(v) ? "undefined here" : draw.formatValue(v);
}

/** A URL property kind for typed text: valid when `check(text)` does not throw. */
export function expressionKind(check, maxChars = 2000) {
  return {
    parse(text) {
      if (text.length > maxChars) return { error: `is longer than ${maxChars} characters` };
      try {
        check(text);
        return { value: text };
      } catch (err) {
        if (err instanceof WebAssembly.RuntimeError) throw err;
        return { error: `cannot be read (${err && err.message ? err.message : err})` };
      }
    },
    write: (v) => v,
  };
}

// ---- the derivative view ------------------------------------------------------------------------

const X_RANGE = [-3, 3];
const H_MIN_LOG = -16;
const H_MAX_LOG = 0;
const ERROR_POINTS = 161;

const PRESETS = [
  { text: "x^2", title: "x²" },
  { text: "x^3 - 3*x", title: "x³ − 3x" },
  { text: "sin(x)", title: "sin x" },
  { text: "(x - 1)^2", title: "squared error (p − a)², a = 1" },
];

function properties(engine) {
  return [
    { key: "fx", kind: expressionKind((t) => engine.Curve.parse(t).free()), fallback: () => "x^3 - 3*x", show: (v) => JSON.stringify(v) },
    { key: "px", kind: number(X_RANGE[0], X_RANGE[1]), fallback: () => 1.8 },
    { key: "h", kind: number(10 ** H_MIN_LOG, 10 ** H_MAX_LOG), fallback: () => 0.5 },
  ];
}

function build(root) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  const row = (label, id, errId) => h("tr", {},
    h("th", { scope: "row" }, ...label),
    keep(id, h("td", { id: `d-${id}` })),
    errId ? keep(errId, h("td", { id: `d-${errId}` })) : h("td", {}));
  el.expr = expressionField({ id: "fx", label: "f(x) =", value: "", hint: "Type any function of x: x^2, exp(-x^2), ln(x), abs(x), sigmoid(3*x) …" });
  root.replaceChildren(
    h("section", { class: "lesson-intro" },
      h("h1", { text: "The derivative: how fast f changes" }),
      h("p", {},
        "The derivative ", h("em", { text: "f′(x)" }), " is the slope of the curve at ", h("em", { text: "x" }),
        ": how much ", h("em", { text: "f" }), " rises per unit step in ", h("em", { text: "x" }),
        ". The secant through ", h("em", { text: "x" }), " and ", h("em", { text: "x + h" }),
        " has slope (f(x + h) − f(x)) / h; as ", h("em", { text: "h" }), " shrinks it turns into the tangent. ",
        h("strong", { text: "Drag the point" }), ", and slide ", h("em", { text: "h" }), " towards zero."),
    ),
    h("div", { class: "workspace calc-workspace" },
      h("div", { class: "figure-col" },
        keep("fBox", h("div", { class: "calc-plot calc-plot-main" },
          keep("fCanvas", h("canvas", { id: "f-plot", class: "calc-canvas drag", tabindex: "0", role: "img",
            "aria-label": "The curve f(x) with the point, its tangent and the secant. Drag, or use the left and right arrow keys, to move the point." })))),
        h("p", { class: "figure-key" },
          h("span", { class: "key-tangent", text: "── tangent, slope f′(x)" }), " · ",
          h("span", { class: "key-secant", text: "- - secant through x and x + h" })),
        h("h2", { class: "calc-sub", text: "The derivative f′(x), the slope at every x" }),
        keep("dBox", h("div", { class: "calc-plot calc-plot-small" },
          keep("dCanvas", h("canvas", { id: "d-plot", class: "calc-canvas", role: "img", "aria-label": "The derivative f′(x) under f(x), with the point's slope marked." })))),
        keep("formula", h("p", { id: "formula", class: "formula", "aria-live": "polite" })),
      ),
      h("aside", { class: "panel", "aria-label": "Controls" },
        el.expr.field,
        h("div", { class: "field" }, h("label", { for: "preset", text: "Examples" }), keep("preset", h("select", { id: "preset" }))),
        keep("presetNote", h("p", { class: "calc-note", id: "preset-note" })),
        h("div", { class: "field" },
          h("label", { for: "px" }, "Point x ", keep("pxOut", h("output", { for: "px" }))),
          keep("px", h("input", { id: "px", type: "range", min: String(X_RANGE[0]), max: String(X_RANGE[1]), step: "0.01" }))),
        h("div", { class: "field" },
          h("label", { for: "h" }, "Step h ", keep("hOut", h("output", { for: "h", id: "h-out" }))),
          keep("h", h("input", { id: "h", type: "range", min: String(H_MIN_LOG), max: String(H_MAX_LOG), step: "0.05" }))),
        keep("message", h("p", { id: "message", class: "message", role: "status", "aria-live": "polite" })),
        h("table", { class: "calc-table", "aria-label": "Slopes at the point" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "at the point" }), h("th", { scope: "col", text: "value" }), h("th", { scope: "col", text: "rel. error" }))),
          h("tbody", {},
            row([h("var", { text: "f" }), "(", h("var", { text: "x" }), ")"], "fx"),
            row(["secant ", h("small", { text: "(f(x+h) − f(x)) / h" })], "secant", "secant-err"),
            row(["central ", h("small", { text: "(f(x+h) − f(x−h)) / 2h" })], "central", "central-err"),
            row(["exact ", h("var", { text: "f′" }), "(", h("var", { text: "x" }), ")"], "exact"))),
      ),
    ),
    h("section", { class: "chart-wrap" },
      h("h2", { text: "How wrong are the numerical slopes? Error against h" }),
      h("p", { class: "calc-caption" },
        "Shrinking ", h("em", { text: "h" }), " makes the secant's error fall in proportion to h (the central one's to h²) — until the two values of f become so close that rounding (about 10⁻¹⁶ of f) dominates their difference, and the error climbs again. The best h for the secant is near 10⁻⁸; computers therefore differentiate exactly, by the chain rule, instead."),
      keep("eBox", h("div", { class: "calc-plot calc-plot-error" },
        keep("eCanvas", h("canvas", { id: "error-plot", class: "calc-canvas", role: "img", "aria-label": "Relative error of the secant and central slopes against h, both on log scales." })))),
      h("p", { class: "figure-key" },
        h("span", { class: "key-secant", text: "── secant (forward) slope" }), " · ",
        h("span", { class: "key-central", text: "── central slope" }), " · the line marks the current h"),
    ),
  );
  return el;
}

/** Mounts the derivative view in `root`; returns { unmount }. */
export function mount({ engine, root, onTrap, setNotes }) {
  const releaseSheet = useStylesheet("derivative.css");
  const el = build(root);
  const props = properties(engine);
  const { state, notes } = readState(location.search, props);
  setNotes(notes);
  const { guard, status } = createGuard(onTrap, (text) => showMessage(text, "error"));
  const listeners = [];
  const listen = (target, type, fn, opts) => {
    target.addEventListener(type, fn, opts);
    listeners.push(() => target.removeEventListener(type, fn, opts));
  };
  let curve = null;
  let dirty = true;
  let frame = 0;

  function showMessage(text, tone = "info") {
    el.message.textContent = text;
    el.message.dataset.tone = tone;
  }

  const save = () => publish(state, props);

  /** Reads the text; on success replaces the curve, on failure keeps the last good one. */
  function setText(text) {
    try {
      const next = engine.Curve.parse(text);
      curve?.free();
      curve = next;
      state.fx = text;
      el.expr.clearError();
      el.formula.textContent = curve.formula;
      syncPreset();
      dirty = true;
      return true;
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) throw err;
      el.expr.setError(err.message, err.column);
      return false;
    }
  }

  function syncPreset() {
    const found = PRESETS.find((p) => p.text === state.fx.trim());
    el.preset.value = found ? found.text : "";
    el.presetNote.textContent = found && found.text === "(x - 1)^2"
      ? "Here x is a prediction p and a = 1 the actual value. The slope 2(p − a) says which way, and how hard, to move p to shrink the error: the gradient a learner follows."
      : "";
  }

  function fillControls() {
    el.preset.replaceChildren(
      h("option", { value: "", text: "your own function" }),
      ...PRESETS.map((p) => h("option", { value: p.text, text: p.title })),
    );
    el.expr.input.value = state.fx;
    el.px.value = String(state.px);
    el.pxOut.textContent = draw.formatValue(state.px);
    el.h.value = String(Math.log10(state.h));
    el.hOut.textContent = formatH(state.h);
  }

  function formatH(v) {
    const e = Math.floor(Math.log10(v) + 1e-9);
    const m = v / 10 ** e;
    return Math.abs(m - 1) < 1e-6 ? `10${superscript(e)}`.replace("10⁰", "1") : `${Number(m.toPrecision(2))}·10${superscript(e)}`;
  }

  function setPoint(x) {
    const clamped = Math.min(X_RANGE[1], Math.max(X_RANGE[0], x));
    state.px = Number(clamped.toFixed(3));
    el.px.value = String(state.px);
    el.pxOut.textContent = draw.formatValue(state.px);
    dirty = true;
    save();
  }

  // ---- controls ---------------------------------------------------------------------------

  listen(el.expr.input, "input", guard(() => {
    if (setText(el.expr.input.value)) save();
  }));
  listen(el.preset, "change", guard(() => {
    if (!el.preset.value) {
      el.expr.input.focus();
      return;
    }
    el.expr.input.value = el.preset.value;
    if (setText(el.preset.value)) save();
  }));
  listen(el.px, "input", guard(() => setPoint(Number(el.px.value))));
  listen(el.h, "input", guard(() => {
    state.h = Number((10 ** Number(el.h.value)).toPrecision(2));
    el.hOut.textContent = formatH(state.h);
    dirty = true;
    save();
  }));
  listen(el.fCanvas, "keydown", guard((event) => {
    const step = event.shiftKey ? 0.1 : 0.01;
    if (event.key === "ArrowLeft" || event.key === "ArrowDown") setPoint(state.px - step);
    else if (event.key === "ArrowRight" || event.key === "ArrowUp") setPoint(state.px + step);
    else return;
    event.preventDefault();
  }));

  // ---- dragging the point ------------------------------------------------------------------

  let fGeom = null;
  let dragging = null;
  const localX = (event) => event.clientX - el.fCanvas.getBoundingClientRect().left;
  listen(el.fCanvas, "pointerdown", guard((event) => {
    if (!fGeom) return;
    el.fCanvas.setPointerCapture(event.pointerId);
    dragging = event.pointerId;
    setPoint(fGeom.dataX(localX(event)));
  }));
  listen(el.fCanvas, "pointermove", guard((event) => {
    if (dragging !== event.pointerId || !fGeom) return;
    setPoint(fGeom.dataX(localX(event)));
  }));
  const endDrag = (event) => {
    if (dragging === event.pointerId) dragging = null;
  };
  listen(el.fCanvas, "pointerup", endDrag);
  listen(el.fCanvas, "pointercancel", endDrag);

  // ---- drawing ---------------------------------------------------------------------------

  function drawAll() {
    const colors = lessonColors();
    const x = state.px;
    const hh = state.h;
    const fx = curve.value(x);
    const exact = curve.derivative(x);
    const secant = curve.forwardSlope(x, hh);
    const central = curve.centralSlope(x, hh);
    const errorOf = (approx) => (Number.isFinite(approx) && Number.isFinite(exact) ? Math.abs(approx - exact) / (exact === 0 ? 1 : Math.abs(exact)) : NaN);

    // The table.
    el.fx.textContent = shown(fx);
    el.secant.textContent = shown(secant);
    el.central.textContent = shown(central);
    el.exact.textContent = shown(exact);
    el["secant-err"].textContent = shownError(errorOf(secant));
    el["central-err"].textContent = shownError(errorOf(central));
    if (Number.isNaN(fx)) showMessage(`f is undefined here, at x = ${draw.formatValue(x)}: no value, so no slope. Drag the point elsewhere.`, "warning");
    else if (Number.isNaN(exact) || !Number.isFinite(exact)) showMessage(`f has no finite slope at x = ${draw.formatValue(x)} (the tangent is vertical or undefined here).`, "warning");
    else if (exact === 0) showMessage("f′(x) = 0: the tangent is flat, so the errors are absolute, not relative.", "info");
    else showMessage("");

    // f(x) with the point, the tangent and the secant.
    {
      const { ctx, width, height } = draw.fitCanvas(el.fCanvas);
      ctx.clearRect(0, 0, width, height);
      const m = plotMargins(width);
      const plot = { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom };
      const n = Math.max(50, Math.min(2000, Math.round(plot.width * 1.5)));
      const s = curve.sample(X_RANGE[0], X_RANGE[1], n);
      const xs = s.subarray(0, n);
      const fs = s.subarray(n, 2 * n);
      const yr = Array.from(engine.plotRange(fs));
      const geom = plotAxes(ctx, engine, plot, X_RANGE, yr, colors, { xName: "x", yName: "f(x)" });
      fGeom = geom;
      strokeCurve(ctx, xs, fs, geom.sx, geom.sy, plot, colors.curve, 2.5);
      if (Number.isFinite(fx)) {
        const fxh = curve.value(x + hh);
        strokeLine(ctx, x, fx, secant, X_RANGE, geom.sx, geom.sy, plot, colors.secant, 2.5, [7, 5]);
        strokeLine(ctx, x, fx, exact, X_RANGE, geom.sx, geom.sy, plot, colors.tangent, 2);
        // The run h and the rise f(x + h) − f(x), when they are big enough to see.
        if (Number.isFinite(fxh) && geom.sx(x + hh) - geom.sx(x) > 6) {
          ctx.save();
          ctx.setLineDash([2, 3]);
          ctx.strokeStyle = colors.muted;
          ctx.lineWidth = 1.2;
          ctx.beginPath();
          ctx.moveTo(geom.sx(x), geom.sy(fx));
          ctx.lineTo(geom.sx(x + hh), geom.sy(fx));
          ctx.lineTo(geom.sx(x + hh), geom.sy(fxh));
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = colors.muted;
          ctx.font = "italic 13px Georgia, serif";
          ctx.textAlign = "center";
          ctx.textBaseline = fxh >= fx ? "top" : "bottom";
          ctx.fillText("h", (geom.sx(x) + geom.sx(x + hh)) / 2, geom.sy(fx) + (fxh >= fx ? 3 : -3));
          ctx.restore();
          dotAt(ctx, geom.sx(x + hh), geom.sy(fxh), colors.secant, 4.5, plot);
        }
        dotAt(ctx, geom.sx(x), geom.sy(fx), "#ffffff", 6.5, plot);
      }
    }

    // f′(x) under it, same x axis.
    {
      const { ctx, width, height } = draw.fitCanvas(el.dCanvas);
      ctx.clearRect(0, 0, width, height);
      const m = plotMargins(width);
      const plot = { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom };
      const n = Math.max(50, Math.min(2000, Math.round(plot.width * 1.5)));
      const s = curve.sample(X_RANGE[0], X_RANGE[1], n);
      const xs = s.subarray(0, n);
      const ds = s.subarray(2 * n, 3 * n);
      const yr = Array.from(engine.plotRange(ds));
      const geom = plotAxes(ctx, engine, plot, X_RANGE, yr, colors, { xName: "x", yName: "f′(x)" });
      strokeCurve(ctx, xs, ds, geom.sx, geom.sy, plot, colors.derivative, 2.5);
      if (Number.isFinite(exact)) {
        ctx.save();
        ctx.strokeStyle = colors.muted;
        ctx.setLineDash([2, 3]);
        ctx.beginPath();
        ctx.moveTo(geom.sx(x), plot.top);
        ctx.lineTo(geom.sx(x), plot.top + plot.height);
        ctx.stroke();
        ctx.restore();
        dotAt(ctx, geom.sx(x), geom.sy(exact), colors.tangent, 5.5, plot);
      }
    }

    // The error against h, log-log.
    {
      const { ctx, width, height } = draw.fitCanvas(el.eCanvas);
      ctx.clearRect(0, 0, width, height);
      const m = plotMargins(width);
      const plot = { left: m.left + 6, top: m.top, width: width - m.left - 6 - m.right, height: height - m.top - m.bottom };
      const n = ERROR_POINTS;
      const e = curve.errorCurve(x, H_MIN_LOG, H_MAX_LOG, n);
      const FLOOR = -17; // an error of exactly 0 is drawn at 10⁻¹⁷, the bottom of the plot
      const lg = (v) => (v > 0 ? Math.max(FLOOR, Math.log10(v)) : v === 0 ? FLOOR : NaN);
      const hs = Array.from(e.subarray(0, n), Math.log10);
      const fwd = Array.from(e.subarray(n, 2 * n), lg);
      const cen = Array.from(e.subarray(2 * n, 3 * n), lg);
      const finite = [...fwd, ...cen].filter(Number.isFinite);
      const top = finite.length ? Math.min(8, Math.max(1, Math.ceil(Math.max(...finite)))) : 1;
      const yr = [FLOOR, top];
      const geom = plotAxes(ctx, engine, plot, [H_MIN_LOG, H_MAX_LOG], yr, colors, { xName: "h", yName: "error", xLog: true, yLog: true });
      strokeCurve(ctx, hs, fwd, geom.sx, geom.sy, plot, colors.secant, 2.5);
      strokeCurve(ctx, hs, cen, geom.sx, geom.sy, plot, colors.central, 2.5);
      const lh = Math.log10(hh);
      ctx.save();
      ctx.strokeStyle = colors.ink;
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(geom.sx(lh), plot.top);
      ctx.lineTo(geom.sx(lh), plot.top + plot.height);
      ctx.stroke();
      ctx.restore();
      const ef = lg(errorOf(secant));
      const ec = lg(errorOf(central));
      if (Number.isFinite(ef)) dotAt(ctx, geom.sx(lh), geom.sy(Math.min(ef, top)), colors.secant, 5, plot);
      if (Number.isFinite(ec)) dotAt(ctx, geom.sx(lh), geom.sy(Math.min(ec, top)), colors.central, 5, plot);
    }
  }

  function shownError(v) {
    if (Number.isNaN(v)) return "—";
    if (v === 0) return "0 (exact)";
    return v >= 0.01 ? `${Number((100 * v).toPrecision(3))} %` : draw.formatValue(v);
  }

  const tick = guard(() => {
    if (status.stopped) return;
    if (dirty && curve) {
      dirty = false;
      drawAll();
    }
    frame = requestAnimationFrame(tick);
  });

  const resize = new ResizeObserver(() => {
    dirty = true;
  });
  resize.observe(el.fBox);
  resize.observe(el.eBox);
  const scheme = matchMedia("(prefers-color-scheme: dark)");
  listen(scheme, "change", () => {
    dirty = true;
  });

  // ---- start ------------------------------------------------------------------------------

  fillControls();
  setText(state.fx);
  save();
  tick();

  return {
    unmount() {
      status.stopped = true;
      cancelAnimationFrame(frame);
      resize.disconnect();
      for (const off of listeners) off();
      root.replaceChildren();
      releaseSheet();
      try {
        curve?.free();
      } catch {
        // A trapped instance cannot free its handles; they die with it.
      }
    },
  };
}

/** A dot with a dark rim, skipped when outside the plot. */
export function dotAt(ctx, x, y, fill, radius, plot) {
  if (!(Number.isFinite(x) && Number.isFinite(y))) return;
  if (x < plot.left - radius || x > plot.left + plot.width + radius || y < plot.top - radius || y > plot.top + plot.height + radius) return;
  ctx.save();
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, 2 * Math.PI);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 2;
  ctx.strokeStyle = "rgba(0,0,0,0.8)";
  ctx.stroke();
  ctx.restore();
}
