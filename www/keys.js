// The keys of a Play/Step/Reset view: Space plays or pauses, Right arrow steps, R resets, unless
// the learner is typing in a field or holds a modifier.

/**
 * Listens (through `listen`) for the playback keys on the document. With `buttonsKeepSpace`,
 * Space on a focused button presses that button only, not Play too.
 */
export function listenPlaybackKeys(listen, { play, step, reset }, { buttonsKeepSpace = true } = {}) {
  listen(document, "keydown", (event) => {
    const tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    if (buttonsKeepSpace && tag === "BUTTON" && event.key === " ") return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const action = { " ": play, ArrowRight: step, r: reset, R: reset }[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  });
}
