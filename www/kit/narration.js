// Narration: a short sentence after each step, when a run pauses or ends, and when it diverges
// ("step 12: loss 3.2, gradient (−1.1, 0.4)"). The course frame may pass `announce(text)` to a
// view's mount() (to speak it or show it); without it the view works the same. The last
// sentence is also kept on the view's root element as `data-narration`, where anyone can read it.

const EVERY_MS = 1000; // while playing, at most one sentence a second

/** A narrator for the view in `root`; `announce` is the frame's hook, or undefined. */
export function createNarrator(root, announce) {
  let last = -Infinity;
  // `now`: a sentence the learner asked for (Step, a pause, a stop) lands at once; sentences
  // while playing wait their turn in the frame's announcer.
  function say(text, now = true) {
    last = performance.now();
    root.dataset.narration = text;
    if (typeof announce !== "function") return;
    try {
      announce(text, { now });
    } catch {
      // The frame's hook failing must not stop the lesson.
    }
  }
  return {
    /** Says `text` now. */
    say,
    /** Says `sentence()` unless something was said less than a second ago (while playing). */
    often(sentence) {
      if (performance.now() - last >= EVERY_MS) say(sentence(), false);
    },
    /** Removes the last sentence from the root (on unmount). */
    clear() {
      delete root.dataset.narration;
    },
  };
}
