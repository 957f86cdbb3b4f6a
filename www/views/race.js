// The optimizer race: up to seven optimizers on one landscape from one start point, stepping
// together. The core owns the race (one Race handle: every descent, their inner state, when each
// came near a minimum) and the learning-rate sweep; this file wires the controls, the URL and
// the pointer to it and draws what it returns: the paths on the shared map (www/map.js), the
// inner state at each current point, a leaderboard, the loss chart and the explorer.

import { readState, publish, number, integer, oneOf, windowOf } from "../state.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { createGuard } from "../guard.js";
import { listenerList } from "../listeners.js";
import { useStylesheet } from "../stylesheet.js";
import { createMap } from "../map.js";
import { PathBuffer, tracePath } from "../path.js";
import { sizeChart } from "../chart.js";
import { paramProperties, paramValues, paramSliders, landscapeOptions } from "../landscape-controls.js";
import { listenPlaybackKeys } from "../keys.js";
import { createPlayer } from "../motion.js";
import { createNarrator } from "../narration.js";
import { runnerKind, runnerCard, laneTitle, formatRate, LR_MIN, LR_MAX } from "./race-runners.js";
import { createSweep } from "./race-sweep.js";

const MAX_LANES = 7;
const MAX_STEPS = 100000; // the longest race a link can ask for
const MAX_STEPS_PER_FRAME = 1000; // per lane: 7 lanes × 1,000 steps stay well inside a frame
const CHART_EVERY_MS = 150; // the loss chart is redrawn at most this often while playing
const SIGMA_MIN_LOG = -2;
const SIGMA_MAX_LOG = 2;

/** The race a first visit shows: a ravine where plain SGD crawls and momentum and Adam do not. */
const DEFAULT_LANES = [
  { name: "sgd", lr: 1e-3 },
  { name: "momentum", lr: 1e-3 },
  { name: "rmsprop", lr: 1e-3 },
  { name: "adam", lr: 0.05 },
];

/** The default race as lanes { name, hyper } with every hyperparameter filled in. */
function defaultLanes(optimizers) {
  return DEFAULT_LANES.map((lane) => {
    const entry = optimizers.find((o) => o.name === lane.name);
    return { name: lane.name, hyper: { ...entry.defaults, lr: lane.lr } };
  });
}

/** The table of URL properties; `hasLanes` says whether the link names any lane. */
function properties(catalog, optimizers, hasLanes) {
  const props = [{ key: "f", kind: oneOf(() => catalog.map((c) => c.name)), fallback: () => "rosenbrock" }, ...paramProperties(catalog)];
  props.push(
    { key: "x", kind: number(-1e6, 1e6), fallback: () => undefined },
    { key: "y", kind: number(-1e6, 1e6), fallback: () => undefined },
  );
  const kind = runnerKind(optimizers);
  for (let k = 0; k < MAX_LANES; k++) {
    props.push({
      key: `r${k + 1}`,
      kind,
      fallback: () => (hasLanes ? undefined : defaultLanes(optimizers)[k]),
      show: (v) => (v ? kind.write(v) : "no optimizer in this lane"),
    });
  }
  props.push(
    { key: "steps", kind: integer(0, MAX_STEPS), fallback: () => 0 },
    { key: "speed", kind: number(1, 60000), fallback: () => 500 },
    { key: "noise", kind: number(0, 10 ** SIGMA_MAX_LOG), fallback: () => 0 },
    { key: "seed", kind: integer(0, 4294967295), fallback: () => 1 },
    { key: "sweep", kind: integer(1, MAX_LANES), fallback: () => 1 },
    { key: "sweepSteps", kind: oneOf(() => ["100", "500", "2000"]), fallback: () => "500" },
    { key: "view", kind: windowOf(1e6), fallback: () => undefined, show: () => "the landscape's usual window" },
  );
  return props;
}

/** The view's markup, built as DOM; returns the elements the view uses. */
function build(root) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  root.replaceChildren(
    h("section", { class: "lesson-intro" },
      h("h1", { text: "Optimizers race" }),
      h("p", {},
        "Several optimizers start from the same point on the same landscape and take their steps together. ",
        "Plain gradient descent follows the slope; ", h("strong", { text: "momentum" }),
        " builds up speed (its arrow) and rolls through a ravine's zig-zag; ", h("strong", { text: "AdaGrad, RMSProp and Adam" }),
        " divide each coordinate's step by the size of its recent gradients (the ellipse), so a steep wall gets small steps and a flat valley floor large ones. ",
        h("strong", { text: "Click the map" }), " to move the start, then press Play."),
    ),
    h("div", { class: "workspace race-workspace" },
      h("div", { class: "figure-col" },
        keep("figure", h("div", { class: "figure" },
          keep("map", h("canvas", { id: "map", class: "layer", role: "img", "aria-label": "Loss landscape: a heatmap with contour lines; dark is low, bright is high." })),
          keep("trail", h("canvas", { id: "trail", class: "layer", "aria-hidden": "true" })),
          keep("overlay", h("canvas", { id: "overlay", class: "layer overlay", tabindex: "0", "aria-label": "The optimizers' paths. Click or tap to choose the shared start point; drag to pan; scroll or pinch to zoom." })),
        )),
        keep("key", h("p", { class: "figure-key race-key" })),
        keep("formula", h("p", { id: "formula", class: "formula", "aria-live": "polite" })),
      ),
      h("aside", { class: "panel", "aria-label": "Controls" },
        h("div", { class: "field" }, h("label", { for: "landscape", text: "Landscape" }), keep("landscape", h("select", { id: "landscape" }))),
        keep("params", h("div", { id: "params" })),
        h("div", { class: "buttons" },
          keep("play", h("button", { id: "play", type: "button", title: "Play or pause (Space)", "aria-pressed": "false", text: "Play" })),
          keep("step", h("button", { id: "step", type: "button", title: "One step for every optimizer (Right arrow)", text: "Step" })),
          keep("reset", h("button", { id: "reset", type: "button", title: "Back to the start point (R)", text: "Reset" })),
          keep("resetView", h("button", { id: "reset-view", type: "button", title: "Show the landscape's usual window", text: "Reset view" }))),
        h("div", { class: "field" },
          h("label", { for: "speed" }, "Speed ", keep("speedOut", h("output", { id: "speed-out", for: "speed" }))),
          keep("speed", h("input", { id: "speed", type: "range", min: "0", max: String(Math.log10(60000)), step: "0.01" }))),
        h("fieldset", { class: "race-noise" },
          h("legend", { text: "Stochastic mode" }),
          h("label", { class: "race-check" },
            keep("noiseOn", h("input", { id: "noise-on", type: "checkbox" })), " noisy gradients: ∇f + σ·ε"),
          keep("noiseFields", h("div", { class: "race-noise-fields" },
            h("div", { class: "field" },
              h("label", { for: "noise" }, "noise σ ", keep("noiseOut", h("output", { id: "noise-out", for: "noise" }))),
              keep("noise", h("input", { id: "noise", type: "range", min: String(SIGMA_MIN_LOG), max: String(SIGMA_MAX_LOG), step: "0.05" }))),
            h("div", { class: "race-field" },
              h("label", { for: "seed", text: "seed" }),
              keep("seed", h("input", { id: "seed", type: "number", min: "0", max: "4294967295", step: "1", inputmode: "numeric" }))))),
          h("p", { class: "race-hint", text: "Every optimizer sees the same noise, so only their rules differ." })),
        keep("message", h("p", { id: "message", class: "message", role: "status", "aria-live": "polite" })),
        h("section", { class: "race-board-wrap", "aria-labelledby": "board-title" },
          h("h2", { id: "board-title", text: "Leaderboard" }),
          h("div", { class: "race-table-wrap" },
            h("table", { id: "leaderboard", class: "race-board" },
              h("thead", {}, h("tr", {},
                h("th", { scope: "col", text: "#" }),
                h("th", { scope: "col", text: "optimizer" }),
                h("th", { scope: "col", text: "loss f" }),
                h("th", { scope: "col", title: "The first step within 10⁻³ of a minimum", text: "to min." }),
                h("th", { scope: "col", text: "status" }))),
              keep("board", h("tbody", {})))),
          h("p", { class: "race-hint race-board-note" },
            "Ranked by the first step within 10⁻³ of a minimum (✕), then by loss; diverged last. Step ",
            keep("boardStep", h("span", { id: "board-step", text: "0" })), "."),
        ),
      ),
    ),
    h("section", { class: "race-section" },
      h("div", { class: "race-lanes-head" },
        h("h2", { text: "Optimizers and their settings" }),
        keep("add", h("button", { id: "add-lane", type: "button", text: "+ Add optimizer" }))),
      keep("lanes", h("div", { id: "lanes", class: "race-lanes" })),
    ),
    h("section", { class: "chart-wrap" },
      h("h2", { text: "Loss after each step" }),
      keep("chart", h("canvas", { id: "race-chart", class: "loss-chart race-chart", role: "img", "aria-label": "Loss against step for every optimizer, log scale" })),
    ),
    h("section", { class: "race-section race-explorer" },
      h("h2", { text: "Learning-rate explorer" }),
      h("p", { class: "race-hint" },
        "Each dot is a fresh run of one optimizer from the same start with another learning rate: its loss after N steps. ",
        "Too small and it crawls; too large and it blows up (✕). ", h("strong", { text: "Click a dot" }), " (or focus the chart, use ← → and Enter) to race with that rate."),
      h("div", { class: "race-explorer-controls" },
        h("div", { class: "race-field" }, h("label", { for: "sweep-lane", text: "optimizer" }), keep("sweepLane", h("select", { id: "sweep-lane" }))),
        h("div", { class: "race-field" }, h("label", { for: "sweep-steps", text: "steps N" }),
          keep("sweepSteps", h("select", { id: "sweep-steps" }, ["100", "500", "2000"].map((n) => h("option", { value: n, text: n })))))),
      keep("sweepChart", h("canvas", { id: "sweep-chart", class: "race-sweep", tabindex: "0", role: "img", "aria-label": "Loss after N steps against learning rate; click a point to use that rate" })),
      keep("sweepSummary", h("p", { id: "sweep-summary", class: "race-hint", "aria-live": "polite" })),
    ),
  );
  return el;
}

/** Mounts the view in `root`; returns { unmount }. */
export function mount({ engine, root, onTrap, setNotes, announce }) {
  const releaseSheet = useStylesheet(new URL("./race.css", import.meta.url));

  const el = build(root);
  const catalog = engine.Landscape.catalog();
  const optimizers = engine.optimizerCatalog();
  const colors = engine.raceColors();
  const search = new URLSearchParams(location.search);
  const hasLanes = [...search.keys()].some((k) => /^r[1-7]$/.test(k));
  const props = properties(catalog, optimizers, hasLanes);
  const { state, notes } = readState(search, props);
  state.lanes = [];
  for (let k = 1; k <= MAX_LANES; k++) if (state[`r${k}`]) state.lanes.push(state[`r${k}`]);
  const refused = [];
  if (state.lanes.length === 0) {
    state.lanes = defaultLanes(optimizers);
    refused.push("The link named no usable optimizer; racing the default four.");
  }

  let landscape = null;
  let race = null;
  let defaultLanesOnce = null;
  let paths = []; // per lane: a PathBuffer of its points
  const player = createPlayer(el.play, { maxPerFrame: MAX_STEPS_PER_FRAME });
  let lastChart = 0;
  let chartMs = 0; // how long the last chart draw took
  let frame = 0;
  let dirty = { map: true, trail: true, overlay: true, chart: true, board: true, sweep: true };
  const { listen, off } = listenerList();
  const narrator = createNarrator(root, announce);
  const { guard, status: life } = createGuard(onTrap, (text) => showMessage(text, "error"));

  function showMessage(text, tone = "info") {
    el.message.textContent = text;
    el.message.dataset.tone = tone;
  }

  // ---- the core objects, built from the state ----------------------------------------------

  const landscapeParams = () => paramValues(catalog, state);

  function buildLandscape() {
    landscape?.free();
    landscape = engine.Landscape.builtin(state.f, landscapeParams());
    if (state.x === undefined || state.y === undefined) {
      const start = landscape.start();
      state.x = start[0];
      state.y = start[1];
    }
    el.formula.textContent = `${landscape.title}: ${landscape.formula}`;
  }

  /** A fresh race from the state, replaying `replaySteps` steps. Lanes the core refuses are dropped with a note. */
  function buildRace(replaySteps = 0) {
    race?.free();
    race = new engine.Race(landscape, state.x, state.y);
    race.setNoise(state.noise, state.seed);
    const kept = [];
    for (const lane of state.lanes) {
      try {
        race.add(lane.name, lane.hyper);
        kept.push(lane);
      } catch (err) {
        if (err instanceof WebAssembly.RuntimeError) throw err;
        refused.push(`Dropped the ${lane.name} lane from the link: ${err.message}.`);
      }
    }
    state.lanes = kept;
    if (kept.length === 0 && state.lanes !== defaultLanesOnce) {
      // Every lane was refused: race the default four rather than nothing.
      defaultLanesOnce = defaultLanes(optimizers);
      state.lanes = defaultLanesOnce;
      buildRace(replaySteps);
      return;
    }
    if (replaySteps > 0) race.run(replaySteps);
    state.steps = replaySteps > 0 ? maxSteps() : 0;
    paths = state.lanes.map(() => new PathBuffer());
    pullPaths();
    dirty.trail = dirty.overlay = dirty.chart = dirty.board = dirty.sweep = true;
    reportStatus();
  }

  /** The steps taken by the lane that went furthest (stopped lanes stay behind). */
  function maxSteps() {
    let k = 0;
    for (let i = 0; i < race.length; i++) k = Math.max(k, race.steps(i));
    return k;
  }

  /** Copies only the path points added since the last call; returns the old counts. */
  function pullPaths() {
    return paths.map((p, i) => p.append(race.pathSince(i, p.n)));
  }

  /** Words for the lanes that stopped; stops playing when none is running. */
  function reportStatus() {
    const lines = [];
    for (let i = 0; i < race.length; i++) {
      const status = race.status(i);
      if (status !== "running" && status !== "converged") {
        lines.push(`${laneTitle(optimizers, state.lanes[i])}: ${race.message(i)}`);
      }
    }
    if (race.length > 0 && race.running === 0) stop();
    if (lines.length) showMessage(lines.join(" · "), "warning");
    else if (el.message.dataset.tone !== "error") showMessage(race.length === 0 ? "Add an optimizer to race." : "");
  }

  // ---- controls -------------------------------------------------------------------------

  function fillControls() {
    el.landscape.replaceChildren(...landscapeOptions(catalog));
    el.landscape.value = state.f;
    buildParamControls();
    el.speed.value = String(Math.log10(state.speed));
    el.speedOut.textContent = `${Math.round(state.speed)} steps/s`;
    el.noiseOn.checked = state.noise > 0;
    el.noiseFields.hidden = !(state.noise > 0);
    const sigma = state.noise > 0 ? state.noise : 1;
    el.noise.value = String(Math.log10(sigma));
    el.noiseOut.textContent = draw.formatValue(sigma);
    el.seed.value = String(state.seed);
    el.sweepSteps.value = state.sweepSteps;
    fillLanes();
  }

  function buildParamControls() {
    el.params.replaceChildren(...paramSliders(catalog, state, guard, () => {
      restart(() => buildLandscape());
      dirty.map = true;
    }));
  }

  /** The lane cards and the explorer's lane list. */
  function fillLanes() {
    el.lanes.replaceChildren(...state.lanes.map((lane, index) => runnerCard({
      index,
      current: () => state.lanes[index],
      color: colors[index],
      optimizers,
      canRemove: state.lanes.length > 1,
      on: { change: changeLane, remove: removeLane },
    })));
    el.add.disabled = state.lanes.length >= MAX_LANES;
    if (state.sweep > state.lanes.length) state.sweep = 1;
    el.sweepLane.replaceChildren(...state.lanes.map((lane, i) =>
      h("option", { value: String(i + 1), text: `${i + 1}. ${laneTitle(optimizers, lane)}` })));
    el.sweepLane.value = String(state.sweep);
    laneInner = [...el.lanes.querySelectorAll(".race-card-inner")];
    rows = [];
    dirty.board = true;
  }

  /** Checks a lane's new settings with the core; returns its words on refusal, "" on success. */
  function changeLane(index, next) {
    if (life.stopped) return "";
    let probe = null;
    try {
      probe = new engine.Race(landscape, state.x, state.y);
      probe.add(next.name, next.hyper);
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) {
        life.stopped = true;
        onTrap(err);
        return "";
      }
      return `${err.message} — kept the previous value.`;
    } finally {
      probe?.free();
    }
    const renamed = state.lanes[index].name !== next.name;
    state.lanes[index] = next;
    guard(() => {
      restart();
      if (renamed) fillLanes();
      else {
        const option = el.sweepLane.options[index];
        if (option) option.textContent = `${index + 1}. ${laneTitle(optimizers, next)}`;
      }
    })();
    return "";
  }

  const removeLane = guard((index) => {
    if (state.lanes.length <= 1) return;
    state.lanes.splice(index, 1);
    if (state.sweep > index + 1) state.sweep -= 1;
    fillLanes();
    restart();
  });

  listen(el.add, "click", guard(() => {
    if (state.lanes.length >= MAX_LANES) return;
    // The first optimizer not yet racing, or SGD again.
    const used = new Set(state.lanes.map((l) => l.name));
    const entry = optimizers.find((o) => !used.has(o.name)) ?? optimizers[0];
    const lr = entry.name === "sgd" || entry.name === "momentum" || entry.name === "nesterov" ? landscape.suggestedRate : 0.01;
    state.lanes.push({ name: entry.name, hyper: { ...entry.defaults, lr: Math.min(LR_MAX, Math.max(LR_MIN, lr)) } });
    fillLanes();
    restart();
    el.lanes.lastElementChild?.querySelector("select")?.focus();
  }));

  /** Back to step 0 after a change of settings (`change` runs first). */
  function restart(change) {
    stop();
    showMessage("");
    change?.();
    buildRace();
    save();
  }

  function save() {
    const out = {};
    for (const p of props) {
      if (p.only && !p.only(state)) continue;
      out[p.key] = state[p.key];
    }
    for (let k = 0; k < MAX_LANES; k++) out[`r${k + 1}`] = state.lanes[k];
    out.noise = state.noise > 0 ? state.noise : undefined;
    publish(out, props);
  }

  function play() {
    if (race.running === 0) return;
    player.play();
  }

  function stop() {
    if (!player.stop()) return;
    dirty.chart = dirty.trail = true;
    save();
    narrator.say(race.running > 0 ? `paused at ${sentence()}` : sentence());
  }

  /** Takes `n` steps; draws the new parts of the paths unless `show` is false (a jump under way). */
  function advance(n, show = true) {
    if (n <= 0 || race.running === 0) return;
    const room = MAX_STEPS - state.steps;
    if (room <= 0) {
      stop();
      showMessage(`stopped at step ${MAX_STEPS}: a link holds at most ${MAX_STEPS} steps`, "info");
      return;
    }
    const take = Math.min(n, room);
    const divergedBefore = countDiverged();
    race.run(take);
    state.steps += take;
    const diverged = countDiverged() > divergedBefore;
    if (!show && !diverged && race.running > 0) return;
    const from = pullPaths();
    // While playing, only the new parts are stroked; otherwise the paths are redrawn whole, so
    // a paused picture is the one a link to it draws, pixel for pixel.
    if (player.playing && race.running > 0) drawTrail(from);
    else dirty.trail = true;
    dirty.overlay = dirty.board = true;
    if (!player.playing) dirty.chart = true;
    reportStatus();
    if (diverged) narrator.say(`step ${state.steps}: ${divergedText()}`);
    else if (!player.playing) narrator.say(sentence());
    else narrator.often(sentence);
    if (!player.playing) save();
  }

  function countDiverged() {
    let n = 0;
    for (let i = 0; i < race.length; i++) if (race.status(i) === "diverged") n += 1;
    return n;
  }

  /** Which lanes diverged, in words. */
  function divergedText() {
    const names = [];
    for (let i = 0; i < race.length; i++) if (race.status(i) === "diverged") names.push(laneTitle(optimizers, state.lanes[i]));
    return `${names.join(", ")} diverged`;
  }

  /** The race in one sentence: "step 40: Adam leads with loss 0.0012". */
  function sentence() {
    let lead = -1;
    for (let i = 0; i < race.length; i++) {
      if (race.status(i) === "diverged") continue;
      const near = race.firstNear(i) ?? Infinity;
      const bestNear = lead < 0 ? Infinity : race.firstNear(lead) ?? Infinity;
      if (lead < 0 || near < bestNear || (near === bestNear && race.value(i) < race.value(lead))) lead = i;
    }
    if (lead < 0) return `step ${state.steps}: every optimizer diverged`;
    return `step ${state.steps}: ${laneTitle(optimizers, state.lanes[lead])} leads with loss ${draw.formatValue(race.value(lead))}`;
  }

  const onPlay = guard(() => (player.playing ? stop() : play()));
  const onStep = guard(() => {
    stop();
    advance(1);
  });
  const onReset = guard(() => restart());

  listen(el.play, "click", onPlay);
  listen(el.step, "click", onStep);
  listen(el.reset, "click", onReset);
  listen(el.resetView, "click", guard(() => {
    state.view = undefined;
    dirty.map = dirty.trail = dirty.overlay = true;
    save();
  }));
  listen(el.landscape, "change", guard(() => {
    state.f = el.landscape.value;
    const entry = catalog.find((c) => c.name === state.f);
    for (const p of entry.params) state[p.name] = p.default;
    state.x = state.y = state.view = undefined;
    buildParamControls();
    restart(() => buildLandscape());
    dirty.map = true;
  }));
  listen(el.speed, "input", () => {
    state.speed = Math.round(10 ** Number(el.speed.value));
    el.speedOut.textContent = `${state.speed} steps/s`;
    save();
  });
  const setNoise = guard(() => {
    const sigma = Number((10 ** Number(el.noise.value)).toPrecision(2));
    el.noiseOut.textContent = draw.formatValue(sigma);
    el.noiseFields.hidden = !el.noiseOn.checked;
    restart(() => {
      state.noise = el.noiseOn.checked ? sigma : 0;
    });
  });
  listen(el.noiseOn, "change", setNoise);
  listen(el.noise, "input", setNoise);
  listen(el.seed, "change", guard(() => {
    const v = Number(el.seed.value);
    if (!(Number.isInteger(v) && v >= 0 && v <= 4294967295)) {
      el.seed.value = String(state.seed);
      showMessage("The seed is a whole number from 0 to 4294967295; kept the previous one.", "error");
      return;
    }
    restart(() => {
      state.seed = v;
    });
  }));
  listen(el.sweepLane, "change", guard(() => {
    state.sweep = Number(el.sweepLane.value);
    dirty.sweep = true;
    save();
  }));
  listen(el.sweepSteps, "change", guard(() => {
    state.sweepSteps = el.sweepSteps.value;
    dirty.sweep = true;
    save();
  }));
  // Space on a focused button presses that button, not Play.
  listenPlaybackKeys(listen, { play: onPlay, step: onStep, reset: onReset });

  // ---- the map (www/map.js) and what is drawn on it ----------------------------------------

  const map = createMap({
    engine,
    figure: el.figure,
    canvas: el.map,
    overlay: el.overlay,
    guard,
    landscape: () => landscape,
    wanted: () => state.view ?? Array.from(landscape.window()),
    onView: (view) => {
      state.view = view;
      dirty.map = dirty.trail = dirty.overlay = true;
      save();
    },
    onTap: (x, y) => restart(() => {
      state.x = x;
      state.y = y;
    }),
  });
  const { sx, sy } = map;

  /** Draws every lane's path from its point `from[i]` on (all of it when `from` is omitted). */
  function drawTrail(from) {
    const geometry = map.geometry;
    if (!geometry) return;
    const { ctx } = draw.fitCanvas(el.trail);
    if (!from) ctx.clearRect(0, 0, geometry.width, geometry.height);
    ctx.save();
    map.clip(ctx);
    ctx.lineJoin = "round";
    ctx.lineCap = "round";
    paths.forEach((p, i) => {
      if (!tracePath(ctx, p, from ? from[i] : 0, sx, sy)) return;
      ctx.strokeStyle = "rgba(0,0,0,0.6)";
      ctx.lineWidth = 4.5;
      ctx.stroke();
      ctx.strokeStyle = colors[i];
      ctx.lineWidth = 2.5;
      ctx.stroke();
    });
    ctx.restore();
  }

  /** The shared start, each lane's current point, its velocity arrow and its step-size ellipse. */
  function drawOverlay() {
    const geometry = map.geometry;
    if (!geometry) return;
    const { ctx } = draw.fitCanvas(el.overlay);
    ctx.clearRect(0, 0, geometry.width, geometry.height);
    ctx.save();
    map.clip(ctx);
    draw.dot(ctx, sx(state.x), sy(state.y), { radius: 7, filled: false });
    // Arrows show the step the velocity carries, −γ·b (momentum) or Adam's −γ·m̂/(√v̂ + ε),
    // all magnified by one power of ten when they would be too short to see.
    const lanes = [];
    let longest = 0;
    for (let i = 0; i < race.length; i++) {
      const [x, y] = race.point(i);
      const inner = race.inner(i);
      const lr = state.lanes[i].hyper.lr;
      let move = null;
      if (inner.velocity) {
        const [vx, vy] = inner.velocity;
        move = inner.stepScale ? [-inner.stepScale[0] * vx, -inner.stepScale[1] * vy] : [-lr * vx, -lr * vy];
        if (!(Number.isFinite(move[0]) && Number.isFinite(move[1]))) move = null;
        else longest = Math.max(longest, Math.hypot(move[0], move[1]) / geometry.scale);
      }
      const adaptive = inner.stepScale && state.lanes[i].name !== "sgd" ? inner.stepScale : null;
      lanes.push({ x, y, move, adaptive, color: colors[i], stopped: race.status(i) !== "running" });
    }
    const gain = longest > 0 && longest < 24 ? 10 ** Math.ceil(Math.log10(24 / longest)) : 1;
    for (const lane of lanes) {
      const px = sx(lane.x);
      const py = sy(lane.y);
      if (lane.adaptive) ellipse(ctx, px, py, lane.adaptive, lane.color);
      if (lane.move) draw.arrow(ctx, px, py, px + (gain * lane.move[0]) / geometry.scale, py - (gain * lane.move[1]) / geometry.scale, lane.color, 2.5);
    }
    for (const lane of lanes) laneDot(ctx, sx(lane.x), sy(lane.y), lane.color, lane.stopped);
    ctx.restore();
    updateKey(gain, lanes.some((l) => l.move), lanes.some((l) => l.adaptive));
  }

  /** The effective step size per coordinate as an ellipse: semi-axes ∝ (sₓ, s_y), the larger 22 px. */
  function ellipse(ctx, px, py, scale, color) {
    const [a, b] = scale.map(Math.abs);
    const big = Math.max(a, b);
    if (!(big > 0) || !Number.isFinite(big)) return;
    const rx = Math.max(1.5, (22 * a) / big);
    const ry = Math.max(1.5, (22 * b) / big);
    ctx.save();
    ctx.beginPath();
    ctx.ellipse(px, py, rx, ry, 0, 0, 2 * Math.PI);
    ctx.setLineDash([4, 3]);
    ctx.strokeStyle = "rgba(0,0,0,0.7)";
    ctx.lineWidth = 4;
    ctx.stroke();
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.stroke();
    ctx.restore();
  }

  function laneDot(ctx, x, y, color, stopped) {
    ctx.save();
    ctx.beginPath();
    ctx.arc(x, y, 5.5, 0, 2 * Math.PI);
    ctx.fillStyle = color;
    ctx.strokeStyle = "rgba(0,0,0,0.85)";
    ctx.lineWidth = 2;
    ctx.fill();
    ctx.stroke();
    if (stopped) {
      ctx.beginPath();
      ctx.arc(x, y, 2, 0, 2 * Math.PI);
      ctx.fillStyle = "rgba(0,0,0,0.85)";
      ctx.fill();
    }
    ctx.restore();
  }

  let keyText = "";
  function updateKey(gain, arrows, ellipses) {
    const parts = ["○ shared start", "● current points", "✕ minimum"];
    if (arrows) parts.push(`→ velocity: the step momentum carries${gain > 1 ? ` (drawn ×${gain})` : " (to scale)"}`);
    if (ellipses) parts.push("dashed ellipse: effective step size per coordinate (wide: long steps along x)");
    const text = parts.join(" · ");
    if (text !== keyText) {
      keyText = text;
      el.key.textContent = text;
    }
  }

  // ---- the leaderboard ----------------------------------------------------------------------

  let rows = [];
  let laneInner = [];
  function buildBoard() {
    rows = state.lanes.map((lane, i) => {
      const swatch = h("span", { class: "race-swatch", "aria-hidden": "true" });
      swatch.style.background = colors[i];
      const cells = {
        rank: h("td", { class: "lb-rank" }),
        name: h("td", { class: "lb-name" }, swatch, h("span", { text: `${i + 1}. ${laneTitle(optimizers, lane)}` })),
        loss: h("td", { class: "lb-loss" }),
        near: h("td", { class: "lb-near" }),
        status: h("td", { class: "lb-status" }),
      };
      const tr = h("tr", { dataset: { runner: String(i) } }, cells.rank, cells.name, cells.loss, cells.near, cells.status);
      return { tr, cells, order: i };
    });
    el.board.replaceChildren(...rows.map((r) => r.tr));
  }

  function updateBoard() {
    if (rows.length !== race.length) buildBoard();
    const info = rows.map((row, i) => {
      const status = race.status(i);
      const near = race.firstNear(i);
      const value = race.value(i);
      return { row, i, status, near, value };
    });
    for (const { row, i, status, near, value } of info) {
      row.cells.loss.textContent = draw.formatValue(value);
      row.cells.near.textContent = near === undefined ? "—" : String(near);
      const at = race.stoppedAt(i);
      let text = status;
      if (status === "diverged") text = `diverged at step ${at}`;
      else if (status === "converged") text = `converged at step ${at}`;
      else if (status === "unbounded") text = `no minimum: f keeps falling (step ${at})`;
      else if (status === "limit") text = `stopped at step ${at}`;
      row.cells.status.textContent = text;
      row.cells.status.title = race.message(i) ?? "";
      row.tr.dataset.status = status;
      const readout = laneInner[i];
      if (readout) readout.textContent = innerText(race.inner(i), i);
    }
    // Rank: reached a minimum first, then lower loss; diverged lanes last.
    const diverged = (s) => s === "diverged";
    info.sort((a, b) => {
      if (diverged(a.status) !== diverged(b.status)) return diverged(a.status) ? 1 : -1;
      const an = a.near ?? Infinity;
      const bn = b.near ?? Infinity;
      if (an !== bn) return an - bn;
      if (a.value !== b.value) return (Number.isNaN(a.value) ? Infinity : a.value) - (Number.isNaN(b.value) ? Infinity : b.value);
      return a.i - b.i;
    });
    info.forEach((entry, rank) => {
      entry.row.cells.rank.textContent = String(rank + 1);
    });
    const order = info.map((entry) => entry.row.tr);
    if (order.some((tr, k) => el.board.children[k] !== tr)) el.board.replaceChildren(...order);
    el.boardStep.textContent = String(state.steps);
  }

  /** The lane's inner state in words: its velocity, or its step size per coordinate x : y. */
  function innerText(inner, i) {
    const lane = state.lanes[i];
    const fmt = draw.formatValue;
    const parts = [];
    if (inner.velocity && !inner.stepScale) parts.push(`velocity b = (${fmt(inner.velocity[0])}, ${fmt(inner.velocity[1])})`);
    if (inner.stepScale) {
      const [a, b] = inner.stepScale;
      const ratio = (v) => (v >= 0.01 && v < 1000 ? String(Number(v.toPrecision(2))) : v.toExponential(0).replace("-", "−"));
      const shape = a > 0 && b > 0 ? ` — x : y = ${a >= b ? `1 : ${ratio(b / a)}` : `${ratio(a / b)} : 1`}` : "";
      parts.push(`${lane.name === "sgd" ? "step size γ" : "step size per coordinate"} (${fmt(a)}, ${fmt(b)})${shape}`);
    }
    return parts.length ? parts.join("; ") : "inner state: after the first step";
  }

  // ---- the loss chart and the explorer ------------------------------------------------------

  function drawChart() {
    const dpr = sizeChart(el.chart);
    engine.drawRaceChart(el.chart, race, draw.themeColors().dark, dpr);
  }

  const sweep = createSweep({
    engine,
    canvas: el.sweepChart,
    summary: el.sweepSummary,
    guard,
    lrMin: LR_MIN,
    lrMax: LR_MAX,
    onPick: (lr) => {
      const index = state.sweep - 1;
      const lane = state.lanes[index];
      if (!lane) return;
      const message = changeLane(index, { name: lane.name, hyper: { ...lane.hyper, lr } });
      if (message) showMessage(message, "error");
      else fillLanes();
    },
  });

  function requestSweep() {
    const index = state.sweep - 1;
    const lane = state.lanes[index];
    if (!lane) return;
    const { lr, ...rest } = lane.hyper;
    const nSteps = Number(state.sweepSteps);
    sweep.request({
      key: JSON.stringify([state.f, landscapeParams(), state.x, state.y, lane.name, rest, nSteps, state.noise, state.seed]),
      landscape: () => landscape,
      name: lane.name,
      hyper: lane.hyper,
      x: state.x,
      y: state.y,
      nSteps,
      sigma: state.noise,
      seed: state.seed,
      lr,
      color: colors[index],
      title: `${index + 1}. ${laneTitle(optimizers, lane)}`,
    });
    sweep.describe();
  }

  // ---- the frame loop ---------------------------------------------------------------------

  const tick = guard((now) => {
    if (life.stopped) return;
    // The chart first, while the page's layout is still clean from the last frame: sizing it
    // reads the canvas's box, which forces a layout of whatever changed.
    if (dirty.chart) {
      const t0 = performance.now();
      drawChart();
      chartMs = performance.now() - t0;
      lastChart = now;
      dirty.chart = false;
    }
    if (player.playing) {
      const { n, draw: show } = player.next(now, state.speed);
      if (n > 0) advance(n, show);
      // A slow chart is redrawn less often, so it never takes more than ~5% of the time.
      if (now - lastChart > Math.max(CHART_EVERY_MS, 20 * chartMs)) dirty.chart = true;
    }
    if (dirty.map) {
      map.draw();
      dirty.map = false;
      dirty.trail = dirty.overlay = true;
    }
    if (dirty.trail) {
      drawTrail();
      dirty.trail = false;
    }
    if (dirty.overlay) {
      drawOverlay();
      dirty.overlay = false;
    }
    if (dirty.board) {
      updateBoard();
      dirty.board = false;
    }
    if (dirty.sweep) {
      requestSweep();
      dirty.sweep = false;
      sweep.draw();
    }
    // The explorer computes only while the race is not playing, in slices of a few ms.
    if (!player.playing && sweep.pending && sweep.work()) sweep.draw();
    if (!life.stopped) frame = requestAnimationFrame(tick);
  });

  const resize = new ResizeObserver(() => {
    dirty.map = dirty.trail = dirty.overlay = dirty.chart = true;
    sweep.draw();
  });
  resize.observe(el.figure);
  resize.observe(el.chart);
  resize.observe(el.sweepChart);
  const scheme = matchMedia("(prefers-color-scheme: dark)");
  listen(scheme, "change", () => {
    dirty.map = dirty.chart = true;
    sweep.draw();
  });

  // ---- start ------------------------------------------------------------------------------

  buildLandscape();
  buildRace(state.steps);
  fillControls();
  setNotes([...notes, ...refused]);
  save();
  tick(performance.now());

  return {
    unmount() {
      life.stopped = true;
      cancelAnimationFrame(frame);
      resize.disconnect();
      off();
      map.destroy();
      sweep.destroy();
      narrator.clear();
      root.replaceChildren();
      releaseSheet();
      try {
        race?.free();
        landscape?.free();
      } catch {
        // A trapped instance cannot free its handles; they die with it.
      }
    },
  };
}
