// How Play moves. Normally a run advances by the steps the speed setting owes each animation
// frame, so the path grows smoothly. A learner who asks for reduced motion
// (prefers-reduced-motion: reduce) gets no frame-by-frame animation: the steps owed pile up and
// are taken as one jump a second (at least JUMP_STEPS), computed over several frames in slices
// that fit a frame, and the picture is drawn once, when the jump is complete.

const JUMP_STEPS = 100; // the smallest jump in reduced motion
const JUMP_EVERY_MS = 1000; // one jump a second in reduced motion

/** True when the learner's system asks for reduced motion. */
export function prefersReducedMotion() {
  return typeof matchMedia === "function" && matchMedia("(prefers-reduced-motion: reduce)").matches;
}

/**
 * The clock of a Play button: `start(now)` when Play is pressed; each frame `next(now, speed)`
 * says how many steps to take now (`n`, at most `maxPerFrame`) and whether to draw after them
 * (`draw`: every frame normally; in reduced motion only when a jump is complete).
 */
export function createPlayClock({ maxPerFrame }) {
  let budget = 0; // fractional steps owed to the speed setting
  let lastTime = 0;
  let lastJump = 0;
  let pending = 0; // steps of the current jump still to take (reduced motion)
  return {
    start(now) {
      budget = 1; // the first step at once, so Play answers immediately
      lastTime = now;
      pending = 0;
      lastJump = now - JUMP_EVERY_MS; // the first jump comes at once
    },
    next(now, speed) {
      const dt = Math.min(now - lastTime, 100);
      lastTime = now;
      budget += (speed * dt) / 1000;
      if (!prefersReducedMotion()) {
        pending = 0;
        const n = Math.min(Math.floor(budget), maxPerFrame);
        budget -= n;
        return { n, draw: true };
      }
      if (pending === 0) {
        if (now - lastJump < JUMP_EVERY_MS) return { n: 0, draw: false };
        lastJump = now;
        pending = Math.max(JUMP_STEPS, Math.floor(budget));
        budget = 0;
      }
      const n = Math.min(pending, maxPerFrame);
      pending -= n;
      return { n, draw: pending === 0 };
    },
  };
}

/**
 * A Play/Pause button and its clock. `play()` starts playing, `stop()` stops and says whether it
 * was playing, `playing` says which; each frame `next(now, speed)` gives the steps to take now
 * and whether to draw after them (see createPlayClock). The button's words and aria-pressed
 * follow.
 */
export function createPlayer(button, { maxPerFrame }) {
  const clock = createPlayClock({ maxPerFrame });
  let playing = false;
  const show = () => {
    button.textContent = playing ? "Pause" : "Play";
    button.setAttribute("aria-pressed", String(playing));
  };
  return {
    get playing() {
      return playing;
    },
    play() {
      playing = true;
      clock.start(performance.now());
      show();
    },
    stop() {
      const was = playing;
      playing = false;
      show();
      return was;
    },
    next: (now, speed) => clock.next(now, speed),
  };
}

// ---- keys: Space plays or pauses, Right arrow steps, R resets, unless the learner is typing in a
// field or holds a modifier.

/**
 * Listens (through `listen`) on the document for `actions`, a table of key names to functions
 * ({ ArrowLeft: back, ArrowRight: next }). With `buttonsKeepSpace`, Space on a focused button
 * presses that button only.
 */
export function listenKeys(listen, actions, { buttonsKeepSpace = true } = {}) {
  listen(document, "keydown", (event) => {
    const tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    if (buttonsKeepSpace && tag === "BUTTON" && event.key === " ") return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
}

/** The playback keys: Space plays or pauses, Right arrow steps, R resets. */
export function listenPlaybackKeys(listen, { play, step, reset }, options) {
  listenKeys(listen, { " ": play, ArrowRight: step, r: reset, R: reset }, options);
}

// ---- the playback controls a view declares on the kit ------------------------------------------

/**
 * Play, Step and Reset for a view that moves in steps, wired to their buttons, the keys above
 * and the kit's frame loop. The view says how to move:
 * - `speed()`: steps per second while playing;
 * - `canPlay()`: whether the run can go on (false once it converged, diverged, ...);
 * - `advance(n, show)`: take n steps, drawing unless `show` is false (a reduced-motion jump
 *   still under way);
 * - `step()` (optional): what Step does, after stopping; one `advance(1)` by default;
 * - `reset()`: back to the start, after stopping;
 * - `paused()` (optional): told when a playing run stops, to redraw or narrate;
 * - `limit` (optional): `{ max, steps() }`, the most steps a link holds: a run stops there with
 *   words, and `advance` is never asked for more;
 * - `reducedJump` (optional): with reduced motion, Play takes this many steps at once, drawn
 *   once, and stays paused (instead of a jump a second).
 * Stopping saves the link, so a paused moment is always the one in the address bar.
 * Returns `{ playing, play(), stop(), advance(n, show) }`; `stop()` says whether it was
 * playing; `advance` is the view's, held to the limit.
 */
export function createPlayback(kit, { buttons, maxPerFrame, speed, canPlay, advance: take, step, reset, paused, limit, reducedJump, buttonsKeepSpace = false }) {
  const player = createPlayer(buttons.play, { maxPerFrame });
  const stop = () => {
    const was = player.stop();
    kit.save();
    if (was && paused) paused();
    return was;
  };
  const advance = (n, show = true) => {
    if (limit) {
      const room = limit.max - limit.steps();
      if (room <= 0) {
        stop();
        kit.message(`stopped at step ${limit.max}: a link holds at most ${limit.max} steps`, "info");
        return;
      }
      n = Math.min(n, room);
    }
    take(n, show);
  };
  const play = () => {
    if (!canPlay()) return;
    if (reducedJump && prefersReducedMotion()) advance(reducedJump, true);
    else player.play();
  };
  const onPlay = kit.guard(() => (player.playing ? stop() : play()));
  const onStep = kit.guard(() => {
    stop();
    if (step) step();
    else advance(1, true);
  });
  const onReset = kit.guard(() => {
    stop();
    reset();
  });
  kit.listen(buttons.play, "click", onPlay);
  if (buttons.step) kit.listen(buttons.step, "click", onStep);
  if (buttons.reset) kit.listen(buttons.reset, "click", onReset);
  listenPlaybackKeys(kit.listen, { play: onPlay, step: onStep, reset: buttons.reset ? onReset : () => {} }, { buttonsKeepSpace });
  kit.onFrame((now) => {
    if (!player.playing) return;
    const { n, draw } = player.next(now, speed());
    if (n > 0) advance(n, draw);
  });
  return {
    get playing() {
      return player.playing;
    },
    play,
    stop,
    advance,
    /**
     * Narrates after a move: at most a sentence a second while playing; otherwise at once, and
     * the link is saved (a paused moment is the one in the address bar).
     */
    narrate(sentence) {
      if (player.playing) {
        kit.sayOften(sentence);
      } else {
        kit.say(sentence());
        kit.save();
      }
    },
  };
}
