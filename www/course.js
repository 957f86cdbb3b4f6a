// The guided course around the views: the home page, and the frame of a lesson (where it sits
// in the course, Copy link, the figure, the lesson's text with its formulas, "try this"
// prompts, previous/next). Also the one narration line the views speak through.
//
// Everything is built as DOM with h() (and MathML with createElementNS in www/lessons/math.js):
// no HTML strings, and nothing from the URL is ever inserted as markup.

import { h } from "./dom.js";

/** Minimum time between two narrated messages while a run plays, in milliseconds. */
const NARRATION_GAP_MS = 1000;

/** How long the views take at most to write a change into the address bar (state.js waits 120 ms). */
const PUBLISH_DELAY_MS = 150;

/** The query of `search` with the prompt's keys merged in: a string sets a key, null removes it. */
export function mergeQuery(search, set) {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(set)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  params.delete("embed");
  return params.toString().replaceAll("%2C", ",");
}

/** The home page: what Downhill is, and the lessons in order, each with its one-line promise. */
export function mountHome(root, lessons) {
  root.replaceChildren(
    h("section", { class: "home" },
      h("h1", { class: "home-title", text: "Watch derivatives guide learning" }),
      h("p", { class: "home-lead" },
        "Machine learning is mostly one idea: measure which way is downhill on the error, and take a small step that way. ",
        "These nine short lessons build that idea from a single slope to a neural network that learns house prices. ",
        "Each has a live figure to poke at, a few paragraphs of plain words, and experiments you start with one click."),
      h("p", { class: "home-start" }, h("a", { class: "button-link", href: `?lesson=${lessons[0].key}` }, `Start with lesson 1: ${lessons[0].title} →`)),
      h("ol", { class: "home-list", "aria-label": "Lessons" },
        ...lessons.map((lesson, i) => h("li", { class: "home-item" },
          h("a", { class: "home-link", href: `?lesson=${lesson.key}` },
            h("span", { class: "home-num", "aria-hidden": "true", text: String(i + 1) }),
            h("span", { class: "home-text" },
              h("span", { class: "home-name", text: lesson.title }),
              h("span", { class: "home-promise", text: lesson.promise })))))),
    ),
  );
  return { unmount: () => root.replaceChildren() };
}

/**
 * The frame of one lesson inside `root`. `text` is the lesson's module ({ text(), tryThis });
 * `onTry(prompt)` runs when a learner clicks a prompt. Returns `{ figure, focusFigure, unmount }`:
 * the view mounts into `figure`.
 */
export function mountFrame({ root, lessons, index, text, onTry }) {
  const lesson = lessons[index];
  const prev = lessons[index - 1];
  const next = lessons[index + 1];
  const status = h("span", { class: "copy-status", role: "status", "aria-live": "polite" });
  const linkField = h("input", { class: "copy-field", type: "text", readonly: true, "aria-label": "Link to this view", hidden: true });
  const copy = h("button", { type: "button", class: "copy-link", id: "copy-link", title: "Copy a link to exactly what you see" }, "Copy link");
  copy.addEventListener("click", () => copyLink(linkField, status));
  const open = h("a", { class: "open-full", id: "open-full", target: "_blank", rel: "noopener", href: "./" }, "Open in Downhill ↗");
  // The link is made when it is used, so it carries the view's latest state.
  const freshen = () => {
    open.href = `${location.pathname}?${mergeQuery(location.search, {})}`;
  };
  for (const type of ["pointerenter", "focus", "click"]) open.addEventListener(type, freshen);
  const figure = h("div", { class: "lesson-figure", id: "figure", tabindex: "-1" });
  const prompts = text.tryThis ?? [];
  root.replaceChildren(
    h("div", { class: "course-bar" },
      h("p", { class: "course-where" }, h("span", { class: "course-num", text: `Lesson ${index + 1} of ${lessons.length}` }), " · ", lesson.title),
      h("div", { class: "course-share" }, copy, status, linkField)),
    open,
    figure,
    h("section", { class: "course", "aria-label": "The lesson" },
      h("article", { class: "course-text" }, h("h2", { text: "The idea" }), ...text.text()),
      prompts.length > 0
        ? h("aside", { class: "try-this", "aria-labelledby": "try-title" },
          h("h2", { id: "try-title", text: "Try this" }),
          h("ol", { class: "try-list" },
            ...prompts.map((prompt) => h("li", {},
              h("button", {
                type: "button", class: "try-button", dataset: { try: prompt.id, set: mergeQuery("", prompt.set) },
                on: { click: () => onTry(prompt) },
              }, prompt.label),
              h("p", { class: "try-watch", text: prompt.watch })))))
        : null),
    h("nav", { class: "prevnext", "aria-label": "Previous and next lesson" },
      prev ? h("a", { class: "prev", rel: "prev", href: `?lesson=${prev.key}` }, h("span", { class: "pn-dir", text: "← Previous" }), h("span", { class: "pn-name", text: prev.title })) : h("a", { class: "prev", href: "./" }, h("span", { class: "pn-dir", text: "← Home" }), h("span", { class: "pn-name", text: "All lessons" })),
      next ? h("a", { class: "next", rel: "next", href: `?lesson=${next.key}` }, h("span", { class: "pn-dir", text: "Next →" }), h("span", { class: "pn-name", text: next.title })) : h("a", { class: "next", href: "./" }, h("span", { class: "pn-dir", text: "Home →" }), h("span", { class: "pn-name", text: "All lessons" }))),
  );
  return {
    figure,
    /** Moves keyboard focus to the figure's first focusable canvas (or the figure) and shows it. */
    focusFigure() {
      const target = figure.querySelector("canvas[tabindex], [tabindex='0']") ?? figure;
      target.focus({ preventScroll: true });
      figure.scrollIntoView({ block: "start", behavior: "auto" });
    },
    unmount: () => root.replaceChildren(),
  };
}

/** Copies the address to the clipboard, or shows it selected in a read-only field to copy by hand. */
async function copyLink(field, status) {
  status.textContent = "";
  await new Promise((resolve) => setTimeout(resolve, PUBLISH_DELAY_MS));
  const url = location.href;
  try {
    if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
    await navigator.clipboard.writeText(url);
    field.hidden = true;
    status.textContent = "Link copied";
  } catch {
    field.value = url;
    field.hidden = false;
    field.focus();
    field.select();
    status.textContent = "Copy the selected link (Ctrl+C or ⌘C)";
  }
}

/**
 * The narration line. Views call `announce(text)` as things happen ("step 12: loss 3.2,
 * gradient (−1.1, 0.4)"); the text goes into ONE visually hidden aria-live="polite" element
 * owned by the page. While a run plays, at most one message a second lands: the newest one
 * waits for its turn and replaces any older one still waiting, so the last message always
 * lands. `announce(text, { now: true })` lands at once: use it when a run pauses or stops and
 * when Step is pressed. `announce.cancel()` drops a waiting message (the page calls it when a
 * view is unmounted).
 */
export function createAnnouncer(line) {
  let last = 0;
  let waiting = null;
  const land = (text) => {
    last = performance.now();
    // The same text twice is not read again by screen readers: a no-break space makes it new.
    line.textContent = line.textContent === text ? `${text}\u00a0` : text;
  };
  function announce(text, { now = false } = {}) {
    const due = last + NARRATION_GAP_MS - performance.now();
    if (waiting) clearTimeout(waiting);
    waiting = null;
    if (now || due <= 0) {
      land(text);
      return;
    }
    waiting = setTimeout(() => {
      waiting = null;
      land(text);
    }, due);
  }
  announce.cancel = () => {
    if (waiting) clearTimeout(waiting);
    waiting = null;
  };
  return announce;
}
