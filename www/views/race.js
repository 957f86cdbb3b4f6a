// The optimizer race: up to seven optimizers on one landscape from one start point, stepping
// together. The core owns the race (one Race handle: every descent, their inner state, when each
// came near a minimum, each lane's label) and the learning-rate sweep; this file declares the
// view's link, controls and drawing on the kit (www/kit/). Beside it: race-runners.js (a lane in
// the link, and its card), race-map.js (the paths and marks on the map), race-board.js (the
// leaderboard) and race-sweep.js (the learning-rate explorer).

import { number, integer, oneOf, windowOf } from "../kit/state.js";
import { defineView } from "../kit/view.js";
import { createPlayback } from "../kit/player.js";
import { logSlider, speedSlider, picker } from "../kit/controls.js";
import * as format from "../kit/format.js";
import * as draw from "../draw.js";
import { createMap } from "../map.js";
import { PathBuffer } from "../path.js";
import { sizeChart } from "../chart.js";
import { paramProperties, paramValues, paramSliders, landscapeOptions } from "../landscape-controls.js";
import { runnerKind, defaultLanes, createLaneControls, hyperField, roundRate } from "./race-runners.js";
import { drawRaceTrail, drawRaceMarks, arrowGain, laneGlyph } from "./race-map.js";
import { term } from "../kit/glossary.js";
import { h } from "../dom.js";
import { createBoard, raceSentence } from "./race-board.js";
import { createSweep } from "./race-sweep.js";
import { buildPage, SEED_MAX } from "./race-page.js";

const MAX_LANES = 7;
const MAX_STEPS = 100000; // the longest race a link can ask for
const MAX_STEPS_PER_FRAME = 1000; // per lane: 7 lanes × 1,000 steps stay well inside a frame
const CHART_EVERY_MS = 150; // the loss chart is redrawn at most this often while playing
const SIGMA_RANGE = [1e-2, 1e2]; // the gradient noise σ of stochastic mode
const SWEEP_STEPS = ["100", "500", "2000"];

/** The table of URL properties for this view: a lane per key r1 … r7. */
function properties(engine) {
  const catalog = engine.Landscape.catalog();
  const optimizers = engine.optimizerCatalog();
  // A link that names any lane races those lanes only; one that names none, the default four.
  const hasLanes = [...new URLSearchParams(location.search).keys()].some((k) => /^r[1-7]$/.test(k));
  const kind = runnerKind(optimizers);
  const lanes = Array.from({ length: MAX_LANES }, (_, k) => ({
    key: `r${k + 1}`,
    kind,
    fallback: () => (hasLanes ? undefined : defaultLanes(optimizers)[k]),
    show: (v) => (v ? kind.write(v) : "no optimizer in this lane"),
  }));
  return [
    { key: "f", kind: oneOf(() => catalog.map((c) => c.name)), fallback: () => "rosenbrock" },
    ...paramProperties(catalog),
    { key: "x", kind: number(-1e6, 1e6), fallback: () => undefined },
    { key: "y", kind: number(-1e6, 1e6), fallback: () => undefined },
    ...lanes,
    { key: "steps", kind: integer(0, MAX_STEPS), fallback: () => 0 },
    { key: "speed", kind: number(1, 60000), fallback: () => 500 },
    { key: "noise", kind: number(0, SIGMA_RANGE[1]), fallback: () => 0, only: (s) => s.noise > 0 },
    { key: "seed", kind: integer(0, SEED_MAX), fallback: () => 1 },
    { key: "sweep", kind: integer(1, MAX_LANES), fallback: () => 1 },
    { key: "sweepSteps", kind: oneOf(() => SWEEP_STEPS), fallback: () => "500" },
    { key: "view", kind: windowOf(1e6), fallback: () => undefined, show: () => "the landscape's usual window" },
  ];
}

/** Builds the view in `kit.root` and wires it to the core, the link and the frame loop. */
function setup(kit) {
  const { engine, state } = kit;
  const catalog = engine.Landscape.catalog();
  const optimizers = engine.optimizerCatalog();
  const colors = engine.raceColors();

  // The lanes the link names (r1 … r7), in order; none usable races the default four.
  let lanes = [];
  for (let k = 1; k <= MAX_LANES; k++) if (state[`r${k}`]) lanes.push(state[`r${k}`]);
  const refused = [];
  if (lanes.length === 0) {
    lanes = defaultLanes(optimizers);
    refused.push("The link named no usable optimizer; racing the default four.");
  }

  let landscape = null;
  let race = null;
  let defaultLanesOnce = null;
  let paths = []; // per lane: a PathBuffer of its points
  let drawn = []; // per lane: the length of its path drawn so far, in CSS px (keeps dashes in step)
  let gain = 1; // the velocity arrows' magnification, fixed for a race (race-map.js arrowGain)
  let names = []; // per lane: its name on the map
  let lastChart = 0;
  let chartMs = 0; // how long the last chart draw took

  // σ while stochastic mode is off is kept (not in the link) for when it is turned on again.
  state.sigma = state.noise > 0 ? state.noise : 1;
  const controls = {
    speed: speedSlider(kit, { min: 1, max: 60000 }),
    sigma: logSlider(kit, { key: "sigma", id: "noise", label: ["noise ", term(kit, "σ")], min: SIGMA_RANGE[0], max: SIGMA_RANGE[1], step: 0.05, show: format.value, changed: () => setNoise() }),
    sweepSteps: picker(kit, { key: "sweepSteps", id: "sweep-steps", label: "steps N", entries: SWEEP_STEPS, value: (n) => n, text: (n) => n, changed: () => kit.redraw("sweep") }),
  };
  controls.sweepSteps.field.className = "race-field";
  const el = buildPage(kit, controls);
  const board = createBoard({ tbody: el.board, stepEl: el.boardStep, colors, term: (key) => term(kit, key) });

  // ---- the core objects, built from the state ----------------------------------------------

  function buildLandscape() {
    landscape = kit.replace(landscape, engine.Landscape.builtin(state.f, paramValues(catalog, state)));
    if (state.x === undefined || state.y === undefined) {
      const start = landscape.start();
      state.x = start[0];
      state.y = start[1];
    }
    el.formula.textContent = `${landscape.title}: ${landscape.formula}`;
  }

  /** A fresh race from the state, replaying `replaySteps` steps. Lanes the core refuses are dropped with a note. */
  function buildRace(replaySteps = 0) {
    race = kit.replace(race, new engine.Race(landscape, state.x, state.y));
    race.setNoise(state.noise, state.seed);
    const kept = [];
    for (const lane of lanes) {
      try {
        race.add(lane.name, lane.hyper);
        kept.push(lane);
      } catch (err) {
        if (err instanceof WebAssembly.RuntimeError) throw err;
        refused.push(`Dropped the ${lane.name} lane from the link: ${err.message}.`);
      }
    }
    if (kept.length === 0 && lanes !== defaultLanesOnce) {
      // Every lane was refused: race the default four rather than nothing.
      lanes = defaultLanesOnce = defaultLanes(optimizers);
      buildRace(replaySteps);
      return;
    }
    lanes = kept;
    for (let k = 0; k < MAX_LANES; k++) state[`r${k + 1}`] = lanes[k];
    if (replaySteps > 0) race.run(replaySteps);
    state.steps = replaySteps > 0 ? maxSteps() : 0;
    paths = lanes.map(() => new PathBuffer());
    drawn = [];
    pullPaths();
    gain = arrowGain(landscape, lanes);
    names = laneNames();
    fillChartLegend();
    board.reset();
    kit.redraw("chart", "trail", "overlay", "board", "sweep");
    reportStatus();
  }

  /** Each lane's name on the map: its optimizer's title, with its learning rate where two share one. */
  function laneNames() {
    const titles = lanes.map((lane) => optimizers.find((o) => o.name === lane.name)?.title ?? lane.name);
    return titles.map((t, i) => (titles.filter((u) => u === t).length > 1 ? `${t} η=${format.rate(lanes[i].hyper.lr)}` : t));
  }

  /** The loss chart's legend: each lane's colour (and its marker on the map) and label. */
  function fillChartLegend() {
    el.chartLegend.replaceChildren(...lanes.map((_, i) => h("li", {}, laneGlyph(i, colors[i], { solid: true }), h("span", { text: race.label(i) }))));
  }

  /** The steps taken by the lane that went furthest (stopped lanes stay behind). */
  function maxSteps() {
    let k = 0;
    for (let i = 0; i < race.length; i++) k = Math.max(k, race.steps(i));
    return k;
  }

  /** Copies only the path points added since the last call; returns the old counts. */
  const pullPaths = () => paths.map((p, i) => p.append(race.pathSince(i, p.n)));

  const statuses = () => Array.from({ length: race.length }, (_, i) => race.status(i));

  /** Words for the lanes that stopped; stops playing when none is running. */
  function reportStatus() {
    const lines = [];
    statuses().forEach((status, i) => {
      if (status !== "running" && status !== "converged") lines.push(`${race.label(i)}: ${race.message(i)}`);
    });
    if (race.length > 0 && race.running === 0) playback.stop();
    if (lines.length) kit.message(lines.join(" · "), "warning");
    else if (kit.messageTone !== "error") kit.message(race.length === 0 ? "Add an optimizer to race." : "");
  }

  /** Back to step 0 after a change of settings (`change` runs first). */
  function restart(change) {
    playback.stop();
    kit.message("");
    change?.();
    buildRace();
    kit.save();
  }

  // ---- playing ------------------------------------------------------------------------------

  /** Takes `n` steps; draws the new parts of the paths unless `show` is false (a jump under way). */
  function advance(n, show = true) {
    if (n <= 0 || race.running === 0) return;
    const divergedBefore = statuses().filter((s) => s === "diverged").length;
    race.run(n);
    state.steps += n;
    const now = statuses();
    const diverged = now.filter((s) => s === "diverged").length > divergedBefore;
    if (!show && !diverged && race.running > 0) return;
    const from = pullPaths();
    // While playing, only the new parts are stroked; otherwise the paths are redrawn whole, so
    // a paused picture is the one a link to it draws, pixel for pixel.
    if (playback.playing && race.running > 0) drawRaceTrail(map, el.trail, paths, colors, from, drawn);
    else kit.redraw("trail");
    kit.redraw("overlay", "board");
    if (!playback.playing) kit.redraw("chart");
    reportStatus();
    const sentence = () => raceSentence(race, state.steps);
    if (diverged) {
      const names = now.flatMap((s, i) => (s === "diverged" ? [race.label(i)] : []));
      kit.say(`step ${state.steps}: ${names.join(", ")} diverged`);
      if (!playback.playing) kit.save();
    } else playback.narrate(sentence);
  }

  const playback = createPlayback(kit, {
    buttons: { play: el.play, step: el.step, reset: el.reset },
    maxPerFrame: MAX_STEPS_PER_FRAME,
    speed: () => state.speed,
    canPlay: () => race.running > 0,
    advance,
    limit: { max: MAX_STEPS, steps: () => state.steps },
    reset: () => restart(),
    paused: () => {
      kit.redraw("chart", "trail");
      const sentence = raceSentence(race, state.steps);
      kit.say(race.running > 0 ? `paused at ${sentence}` : sentence);
    },
    // Space on a focused button presses that button, not Play.
    buttonsKeepSpace: true,
  });

  kit.onFrame((now) => {
    // A slow chart is redrawn less often while playing, so it never takes more than ~5% of the time.
    if (playback.playing) {
      if (now - lastChart > Math.max(CHART_EVERY_MS, 20 * chartMs)) kit.redraw("chart");
    } else if (sweep.pending && sweep.work()) {
      // The explorer computes only while the race is not playing, in slices of a few ms.
      kit.redraw("sweep");
    }
  });

  // ---- the lanes ------------------------------------------------------------------------------

  const laneControls = createLaneControls(kit, {
    container: el.lanes,
    add: el.add,
    sweepSelect: el.sweepLane,
    colors,
    optimizers,
    maxLanes: MAX_LANES,
    lanes: () => lanes,
    race: () => race,
    probe: (lane) => {
      const probe = new engine.Race(landscape, state.x, state.y);
      try {
        probe.add(lane.name, lane.hyper);
      } finally {
        probe.free();
      }
    },
    restart: () => restart(),
    // Plain and momentum descent start at the landscape's suggested rate, adaptive ones at 0.01.
    newRate: (entry) => (["sgd", "momentum", "nesterov"].includes(entry.name) ? landscape.suggestedRate : 0.01),
  });

  // ---- the other controls ---------------------------------------------------------------------

  function buildParamControls() {
    el.params.replaceChildren(...paramSliders(catalog, state, kit.guard, () => {
      restart(() => buildLandscape());
      kit.redraw("map");
    }));
  }

  function setNoise() {
    el.noiseFields.hidden = !el.noiseOn.checked;
    restart(() => {
      state.noise = el.noiseOn.checked ? state.sigma : 0;
    });
  }

  kit.on(el.resetView, "click", () => {
    state.view = undefined;
    kit.redraw("map");
    kit.save();
  });
  kit.on(el.landscape, "change", () => {
    state.f = el.landscape.value;
    const entry = catalog.find((c) => c.name === state.f);
    for (const p of entry.params) state[p.name] = p.default;
    state.x = state.y = state.view = undefined;
    buildParamControls();
    restart(() => buildLandscape());
    kit.redraw("map");
  });
  kit.on(el.noiseOn, "change", setNoise);
  kit.on(el.seed, "change", () => {
    const v = Number(el.seed.value);
    if (!(Number.isInteger(v) && v >= 0 && v <= SEED_MAX)) {
      el.seed.value = String(state.seed);
      kit.message(`The seed is a whole number from 0 to ${SEED_MAX}; kept the previous one.`, "error");
      return;
    }
    restart(() => {
      state.seed = v;
    });
  });

  // ---- the map (www/map.js): click to move the shared start, drag to pan, zoom ----------------

  const map = createMap({
    engine,
    figure: el.figure,
    canvas: el.map,
    overlay: el.overlay,
    guard: kit.guard,
    landscape: () => landscape,
    wanted: () => state.view ?? Array.from(landscape.window()),
    onView: (view) => {
      state.view = view;
      kit.redraw("map");
      kit.save();
    },
    onTap: (x, y) => restart(() => {
      state.x = x;
      state.y = y;
    }),
  });
  kit.onUnmount(() => map.destroy());

  // ---- the learning-rate explorer ------------------------------------------------------------

  const sweep = createSweep(kit, {
    canvas: el.sweepChart,
    summary: el.sweepSummary,
    onPick: (lr) => {
      const index = state.sweep - 1;
      const lane = lanes[index];
      if (!lane) return;
      const message = laneControls.change(index, { name: lane.name, hyper: { ...lane.hyper, lr: roundRate(lr) } });
      if (message) kit.message(message, "error");
      else laneControls.fill();
    },
  });

  /** Asks the explorer for the chosen lane's sweep (a new one only when its settings changed). */
  function requestSweep() {
    const index = state.sweep - 1;
    const lane = lanes[index];
    if (!lane || index >= race.length) return;
    const { lr, ...rest } = lane.hyper;
    const { min: lrMin, max: lrMax } = hyperField(optimizers.find((o) => o.name === lane.name), "lr");
    const nSteps = Number(state.sweepSteps);
    const sigma = state.noise;
    sweep.request({
      key: JSON.stringify([state.f, paramValues(catalog, state), state.x, state.y, lane.name, rest, nSteps, sigma, state.seed, lrMin, lrMax]),
      landscape: () => landscape,
      name: lane.name,
      hyper: lane.hyper,
      x: state.x,
      y: state.y,
      nSteps,
      sigma,
      seed: state.seed,
      lr,
      lrMin,
      lrMax,
      color: colors[index],
      title: `${index + 1}. ${race.label(index)}`,
    });
    sweep.describe();
  }

  // ---- drawing ----------------------------------------------------------------------------

  kit.layers({
    // The chart first, while the page's layout is still clean from the last frame: sizing it
    // reads the canvas's box, which forces a layout of whatever changed.
    chart: () => {
      const t0 = performance.now();
      engine.drawRaceChart(el.chart, race, draw.themeColors().dark, sizeChart(el.chart));
      chartMs = performance.now() - t0;
      lastChart = t0;
    },
    map: { draw: () => map.draw(), then: ["trail", "overlay"] },
    trail: () => drawRaceTrail(map, el.trail, paths, colors, undefined, drawn),
    overlay: () => {
      const shown = drawRaceMarks(map, el.overlay, { race, lanes, names, x0: state.x, y0: state.y, colors, gain });
      if (shown === null) return;
      el.keyArrows.hidden = !shown.arrows;
      el.keyEllipses.hidden = !shown.ellipses;
      const scale = gain === 1 ? "to scale" : `drawn ×${format.value(gain)}`;
      if (el.keyGain.textContent !== scale) el.keyGain.textContent = scale;
    },
    board: () => board.update(race, lanes, state.steps, laneControls.inner),
    sweep: () => {
      requestSweep();
      sweep.draw();
    },
  });
  kit.observeSize(el.figure, el.chart, el.sweepChart);

  // ---- start ------------------------------------------------------------------------------

  buildLandscape();
  buildRace(state.steps);
  el.landscape.replaceChildren(...landscapeOptions(catalog));
  el.landscape.value = state.f;
  buildParamControls();
  el.noiseOn.checked = state.noise > 0;
  el.noiseFields.hidden = !(state.noise > 0);
  el.seed.value = String(state.seed);
  laneControls.fill();
  kit.notes(refused);
  kit.save();
}

export const { mount } = defineView({
  base: import.meta.url, sheets: ["./race.css"], primary: "#play", figure: "#map", props: properties, setup,
});
