// The line-fit lesson's loss landscape over (w, b) (www/map.js), in the window the core chose,
// decorated in real units: the slope axis in dollars per feature unit, the intercept axis as
// the price the line predicts at the mean of the feature, the least-squares cross, and the
// colour bar as the training RMSE in dollars. A click on it starts the line there, rounded to
// what a pixel can tell apart; the map has no pan or zoom.

import { createMap } from "../map.js";
import { frame, margins } from "./linefit-scatter.js";
import { moneyTick } from "../axes.js";
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
      yName: `b: price at the mean ${info.noun}, ${amount(mx, info)}`,
      xLabel: dollars,
      yLabel: dollars,
    });
    m.drawMinima(ctx, 6);
    // The colour bar in dollars: the training RMSE σy·√L at each tick of L.
    m.drawLegend(ctx, colors, { caption: "RMSE", label: (v) => dollars(sdy * Math.sqrt(Math.max(0, v)), 1000), gap: 10, shorten: 18 });
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
