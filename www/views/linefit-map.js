// The line-fit lesson's loss landscape over (w, b) (www/map.js), in the window the core chose,
// decorated in real units: the slope w in dollars per feature unit across, and up the side b,
// the price the line predicts at the mean of the feature (the lesson's one meaning of b: the
// text, the readout and this axis agree), the least-squares cross, and the colour bar as the
// training RMSE in dollars at evenly spaced round amounts. A click on it starts the line there, rounded to
// what a pixel can tell apart; the map has no pan or zoom.

import { createMap } from "../map.js";
import { frame, margins } from "./linefit-scatter.js";
import { moneyTick, ticks } from "../axes.js";
import * as draw from "../draw.js";
import { amount } from "./linefit-units.js";

const LEVELS = 12; // contour lines on the map

/** v rounded to a multiple of `unit` (a power of ten), written exactly as a short decimal. */
function roundTo(v, unit) {
  const digits = Math.max(0, -Math.round(Math.log10(unit)));
  return Number((Math.round(v / unit) * unit).toFixed(digits));
}

/**
 * The map in `el.mapBox` on `el.map`, with clicks on `el.overlay`. `shown` is the lesson's
 * current data ({ fit, landscape, info, scales }); `onStart(slope, intercept)` gets a clicked
 * start line in real units. Returns the map (www/map.js).
 */
export function createLineMap(kit, el, shown, onStart) {
  const { engine } = kit;
  const dollars = moneyTick(engine);

  function decorate(ctx, m, colors) {
    const { plot, view } = m.geometry;
    // Axes in real units: the slope w·σy/σx in dollars per feature unit, and b as the price the
    // line predicts at the mean of x, μy + σy·b. Both are affine in one coordinate, so the
    // ticks fall on a straight grid over the round bowl.
    const [mx, sdx, my, sdy] = shown.scales;
    const slopeOf = (w) => (w * sdy) / sdx;
    const priceOf = (b) => my + sdy * b;
    const { info } = shown;
    frame(ctx, engine, plot, [slopeOf(view.x0), slopeOf(view.x1)], [priceOf(view.y0), priceOf(view.y1)], colors, {
      xName: `slope w ($ per ${info.unit})`,
      yName: `b: price at the mean ${info.noun} (${amount(mx, info)})`,
      xLabel: dollars,
      yLabel: dollars,
    });
    m.drawMinima(ctx, 6);
    rmseLegend(ctx, m, colors, sdy);
  }

  /**
   * The colour bar in dollars of training RMSE, σy·√L, with ticks at evenly spaced round
   * amounts ($50k, $100k, …): the colours follow L linearly, so each tick sits where its L
   * is. (Should the map ever colour by log L, the core's own ticks of L are labelled instead.)
   */
  function rmseLegend(ctx, m, colors, sdy) {
    const gap = 10;
    const shorten = 18;
    const raw = m.legendTicks(6);
    const first = raw[0];
    const last = raw[raw.length - 1];
    const k = raw.length > 1 ? (last.t - first.t) / (last.value - first.value) : NaN;
    const linear = Number.isFinite(k) && k > 0 && raw.every(({ value, t }) => Math.abs(first.t + k * (value - first.value) - t) < 1e-6);
    if (!linear) {
      m.drawLegend(ctx, colors, { caption: "RMSE", label: (v) => dollars(sdy * Math.sqrt(Math.max(0, v)), 1000), gap, shorten });
      return;
    }
    const lossAt = (t) => first.value + (t - first.t) / k; // L at a height t of the bar
    const rmseOf = (L) => sdy * Math.sqrt(Math.max(0, L));
    const lo = rmseOf(lossAt(0));
    const hi = rmseOf(lossAt(1));
    const marks = ticks(engine, lo, hi, 5, { label: dollars })
      .map(({ v, label }) => ({ t: first.t + k * ((v / sdy) ** 2 - first.value), label }))
      .filter(({ t }) => t >= -1e-9 && t <= 1 + 1e-9);
    const { plot } = m.geometry;
    const box = { left: plot.left + plot.width + gap, top: plot.top, width: 12, height: plot.height - shorten };
    draw.legend(ctx, box, m.strip, marks, "RMSE", colors);
  }

  const map = createMap({
    engine,
    figure: el.mapBox,
    canvas: el.map,
    guard: kit.guard,
    levels: LEVELS,
    landscape: () => shown.landscape,
    wanted: () => Array.from(shown.landscape.window()),
    margins: (width) => margins(width, 66),
    decorate,
  });
  kit.onUnmount(() => map.destroy());

  /** A click at CSS pixel (px, py): start there, rounded to the screen's precision. */
  function startAt(px, py) {
    const geo = map.geometry;
    if (!geo) return;
    const { plot } = geo;
    if (px < plot.left || px > plot.left + plot.width || py < plot.top || py > plot.top + plot.height) return;
    const [slope, intercept] = shown.fit.toReal(map.dataX(px), map.dataY(py));
    // One pixel moves the slope by σy/σx·scale and the intercept by about σy·scale (plus the
    // slope's share times μx); round each to a power of ten below that.
    const [, sdx, , sdy] = shown.scales;
    const slopeUnit = 10 ** Math.floor(Math.log10((sdy / sdx) * geo.scale));
    const interceptUnit = 10 ** Math.floor(Math.log10(sdy * geo.scale));
    onStart(roundTo(slope, slopeUnit), roundTo(intercept, interceptUnit));
  }

  kit.listen(el.overlay, "pointerdown", (event) => el.overlay.setPointerCapture(event.pointerId));
  kit.on(el.overlay, "pointerup", (event) => {
    const rect = el.overlay.getBoundingClientRect();
    startAt(event.clientX - rect.left, event.clientY - rect.top);
  });
  return map;
}
