// The typed-function field the calculus and landscape views share: a text input whose mistakes
// are underlined in place ("unexpected ')' at column 7"), and the URL property kind that checks
// typed text with the core before a link may use it. Its CSS is in views/common.css.

import { h } from "./dom.js";

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

/**
 * Parses `text` with `parse` (e.g. `engine.Landscape.parse`): returns the new handle, or null
 * after underlining the mistake in `field`. A trap is not a mistake and is thrown on.
 */
export function parseInto(field, parse, text) {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) throw err;
    field.setError(err.message, err.column);
    return null;
  }
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
