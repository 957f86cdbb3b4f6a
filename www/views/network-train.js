// Training the network on the kit's frame loop: Train runs in time slices (the pictures first,
// then training in what is left of about 6 ms per frame), Step one batch takes one mini-batch,
// Reset starts over. Where training stands is the link's `trained` (whole epochs) and `batches`
// (mini-batches into the next): a link retrains to exactly that moment, or restores the model
// this browser kept for it.

import { listenPlaybackKeys } from "../kit/player.js";
import { writeState } from "../kit/state.js";
import { keepModel, keptModel } from "./network-files.js";

const FRAME_MS = 6; // main-thread work per frame: the pictures first, then training in what is left

/**
 * The training controls of the lesson, wired to `buttons` ({ play, step, reset }) and the
 * keys (Space, →, R). `nn` is the lesson's shared state (network.js). Returns the training's
 * state and actions (see the returned object).
 */
export function createTraining(nn, buttons) {
  const { kit, state } = nn;
  let running = false;
  let replaying = false; // a link's moment is being trained to
  let goal = state.epochs; // the epoch the current run stops at
  let goalBatches = 0; // ... and the mini-batches into that epoch (a link's moment)
  let rowsPerCall = 128;
  let drawMs = 0; // what the pictures cost in the last frame
  let drewPicture = false;
  let rushing = false; // Skip to the end: as fast as it can until the goal
  let owed = 0; // training rows the pace allows now (paced runs)
  let lastFrame = 0;
  const lastDrawn = {}; // picture name -> when it was last drawn
  const history = { n: 0, values: new Float64Array(0) }; // [epoch, train, test, mae, r2, ...]

  /** Mini-batches taken into the current epoch. */
  const batchesIntoEpoch = () => Math.round(nn.net.rowsIntoEpoch / state.batch);
  /** Whether training has reached the goal (epoch `goal`, `goalBatches` batches into the next). */
  const reachedGoal = () => nn.net.epoch > goal || (nn.net.epoch === goal && batchesIntoEpoch() >= goalBatches);
  /** The key a trained model is kept under in this browser: the link that trains it. */
  // (The speed is left out: it changes how fast, never what is trained.)
  const modelKey = () => writeState({ ...state, speed: undefined, file: state.data === "file" ? state.file : undefined }, kit.props);

  /** The network in one sentence: "epoch 3: test R² 0.810". */
  const sentence = () => `epoch ${nn.net.epoch}: test R² ${nn.r2(nn.net.metrics().network.r2)}`;
  const said = () => (nn.net.status === "ready" ? sentence() : `epoch ${nn.net.epoch}: ${nn.net.message}`);

  function showButton() {
    buttons.play.textContent = running ? "Pause" : "Train";
    buttons.play.setAttribute("aria-pressed", String(running));
  }

  /** Records where training stands (whole epochs and batches into the next) in the link. */
  function mark() {
    state.trained = nn.net.epoch;
    state.batches = batchesIntoEpoch();
    kit.save();
  }

  /** Keeps the trained model in this browser, under the link that trains it. */
  function keep() {
    // Mid-epoch moments are retrained instead (see restore).
    const net = nn.net;
    if (!net || net.epoch === 0 || net.status !== "ready" || batchesIntoEpoch() > 0) return;
    const json = kit.guard(() => net.toJson())();
    if (json) keepModel(modelKey(), json);
  }

  /** The history since the last pull (all of it with `all`). */
  function pullHistory(all = false) {
    if (all) {
      history.n = 0;
      history.values = new Float64Array(0);
    }
    const fresh = nn.net.historySince(history.n);
    if (fresh.length === 0) return;
    const grown = new Float64Array(history.values.length + fresh.length);
    grown.set(history.values);
    grown.set(fresh, history.values.length);
    history.values = grown;
    history.n += fresh.length / 5;
  }

  function onEpoch() {
    pullHistory();
    kit.redraw("loss", "scatter", "metrics", "diagram", "predict", "check");
    if (running) kit.sayOften(sentence);
  }

  function start(target, targetBatches = 0) {
    if (!nn.net || nn.net.status !== "ready") return;
    goal = target;
    goalBatches = targetBatches;
    if (reachedGoal()) {
      kit.message(`Already trained for ${nn.net.epoch} epochs; raise "Epochs to train" to go on.`, "info");
      return;
    }
    running = true;
    owed = 0;
    lastFrame = performance.now();
    showButton();
    kit.message("");
  }

  /** Epochs per second for this run, or Infinity: a link's replay and a skip are never paced. */
  const pace = () => (replaying || rushing || state.speed === "max" ? Infinity : Number(state.speed));

  function stop(message, tone = "info") {
    const was = running;
    running = false;
    replaying = false;
    rushing = false;
    showButton();
    if (message) kit.message(message, tone);
    if (was && nn.net) {
      kit.say(said());
      mark();
      keep();
      kit.redraw("predict", "check", "diagram", "progress");
    }
  }

  /**
   * A link or reload asks for `n` trained epochs and `k` batches more: load the kept model if it
   * is that one (whole epochs only: a file keeps no optimiser state, so training on from it
   * would differ from the link's run), else retrain to exactly that moment.
   */
  async function restore(n, k) {
    const net = nn.net;
    const json = k === 0 ? await keptModel(modelKey()) : null;
    if (kit.stopped || nn.net !== net) return;
    if (json) {
      const loaded = kit.guard(() => nn.engine.Network.fromJson(json, nn.dataset))();
      if (loaded && loaded.epoch === n) {
        nn.useNetwork(loaded, { restored: true });
        kit.message(`Restored the model trained for ${n} epochs (kept in this browser).`, "success");
        return;
      }
      loaded?.free();
    }
    replaying = true;
    start(n, Math.min(k, Math.max(0, net.batchesPerEpoch - 1)));
    kit.message(`Retraining to epoch ${n}${k > 0 ? ` and ${k} batch${k === 1 ? "" : "es"}` : ""} from the link…`);
  }

  /**
   * One time slice of training: calls `advance` until about `budgetMs` have passed, or (a paced
   * run) until the rows the pace allows this frame are trained. Where a batch ends does not
   * depend on the slices, so a paced run reaches exactly the numbers of a fast one.
   */
  function slice(budgetMs) {
    const net = nn.net;
    const t0 = performance.now();
    const paced = Number.isFinite(pace());
    if (paced) {
      const dt = Math.min(100, t0 - lastFrame);
      owed = Math.min(owed + (pace() * net.nTrain * dt) / 1000, net.nTrain);
    }
    lastFrame = t0;
    for (;;) {
      // A paced run waits once its rows are trained (the test measurement at an epoch's end
      // is not training and goes on).
      if (paced && owed < 1 && !net.measuring) break;
      const c0 = performance.now();
      // On the goal's epoch, stop exactly at its batch: advance trains whole batches until it
      // has taken at least the rows asked for.
      const rowsLeft = net.epoch === goal && goalBatches > 0 ? (goalBatches - batchesIntoEpoch()) * state.batch : Infinity;
      const allowed = paced && !net.measuring ? owed : Infinity;
      const report = net.advance(Math.max(1, Math.floor(Math.min(rowsPerCall, rowsLeft, allowed))));
      if (paced) owed -= report.nBatches * state.batch;
      const dt = performance.now() - c0;
      if (report.epochFinished) onEpoch();
      if (net.status !== "ready") {
        stop(net.message, "warning");
        break;
      }
      if (reachedGoal() && !net.measuring) {
        const batches = batchesIntoEpoch();
        const at = `epoch ${net.epoch}${batches > 0 ? ` and ${batches} batch${batches === 1 ? "" : "es"}` : ""}`;
        stop(replaying ? `Retrained to ${at}, as the link says.` : `Trained for ${net.epoch} epoch${net.epoch === 1 ? "" : "s"}.`, "success");
        break;
      }
      // Aim for calls of about 1 ms, so a slice overruns its budget by little. The rate comes
      // from the work this call did (a call cut short by an epoch's end did less than asked;
      // measuring a test row costs about a third of training on one).
      const rows = report.nBatches * state.batch + report.nMeasured / 3;
      if (dt > 0.05 && rows > 0) rowsPerCall = Math.max(8, Math.min(1 << 16, Math.round(rows / dt)));
      else if (dt <= 0.05) rowsPerCall = Math.min(1 << 16, rowsPerCall * 2);
      if (performance.now() - t0 > budgetMs - 1) break;
    }
    kit.redraw("progress");
  }

  // Training takes what the pictures left of the last frame's budget (at least a sliver, so a
  // heavy redraw never stalls it); the kit draws what it changed right after, in this frame.
  kit.onFrame(() => {
    const budget = Math.max(1, FRAME_MS - drawMs);
    drawMs = 0;
    drewPicture = false;
    if (running && nn.net) slice(budget);
  });

  /**
   * A picture as a layer: while training, drawn at most every `everyMs` and one picture per
   * frame, so that a frame's work stays near FRAME_MS; at other times at once.
   */
  function picture(name, everyMs, draw) {
    return () => {
      if (!(nn.net && nn.dataset)) return;
      const now = performance.now();
      if (running && (drewPicture || now - (lastDrawn[name] ?? -Infinity) < everyMs)) {
        kit.redraw(name);
        return;
      }
      draw();
      lastDrawn[name] = now;
      drewPicture = true;
      drawMs += performance.now() - now;
    };
  }

  // ---- the buttons and keys ---------------------------------------------------------------

  const onPlay = kit.guard(() => {
    if (running) stop(`Paused at epoch ${nn.net.epoch}.`);
    else start(state.epochs);
  });
  const onStep = kit.guard(() => {
    if (!nn.net) return;
    stop();
    const report = nn.net.stepBatch();
    if (report.epochFinished) onEpoch();
    mark();
    if (nn.net.status !== "ready") kit.message(nn.net.message, "warning");
    else kit.message(`One mini-batch of ${state.batch} rows: the weights moved against dL/dw.`);
    kit.say(said());
    kit.redraw("progress", "diagram", "check", "predict");
  });
  const onSkip = kit.guard(() => {
    if (!nn.net) return;
    if (!running) start(state.epochs);
    if (running && !replaying) goal = Math.max(goal, state.epochs);
    if (running) rushing = true;
  });
  const onReset = kit.guard(() => {
    stop();
    state.trained = state.batches = 0;
    nn.rebuild();
  });
  kit.listen(buttons.play, "click", onPlay);
  kit.listen(buttons.step, "click", onStep);
  kit.listen(buttons.reset, "click", onReset);
  if (buttons.skip) kit.listen(buttons.skip, "click", onSkip);
  // Space on a focused button (this lesson has many) presses that button only.
  listenPlaybackKeys(kit.listen, { play: onPlay, step: onStep, reset: onReset }, { buttonsKeepSpace: true });

  return {
    history,
    /** True while training runs. */
    get running() {
      return running;
    },
    /** The epoch the x axis and the progress bar reach: the run's goal, or the epochs to train. */
    get goal() {
      return running ? goal : state.epochs;
    },
    /** "Epochs to train" changed: a run under way (not a link's replay) stops there instead. */
    setEpochs(n) {
      if (running && !replaying) goal = n;
    },
    start,
    stop,
    restore,
    keep,
    pullHistory,
    picture,
  };
}
