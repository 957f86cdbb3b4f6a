// The race's lanes as the URL and the controls see them: one optimizer and its hyperparameters
// per lane, written "name,key,value,key,value" (r1=adam,lr,0.05,beta1,0.9,beta2,0.999,eps,1e-8),
// and the card of controls each lane gets. Values are checked twice: here against the ranges
// below (a bad link falls back with a note), and by the core, whose words are shown on refusal.

import { h } from "../dom.js";
import { formatNumber } from "../state.js";
import { formatValue } from "../draw.js";

/** The learning-rate slider's range (also the learning-rate explorer's). */
export const LR_MIN = 1e-5;
export const LR_MAX = 1;

/** What each hyperparameter is called on the page, and the values a link may hold. */
export const FIELDS = {
  lr: { label: "learning rate η", min: LR_MIN, max: LR_MAX },
  momentum: { label: "momentum μ", min: 0, max: 0.9999, step: 0.01 },
  alpha: { label: "smoothing α", min: 0, max: 0.9999, step: 0.01 },
  beta1: { label: "β₁ (mean)", min: 0, max: 0.9999, step: 0.01 },
  beta2: { label: "β₂ (square)", min: 0, max: 0.99999, step: 0.001 },
  eps: { label: "ε", min: 1e-12, max: 1, step: "any" },
  weightDecay: { label: "weight decay λ", min: 0, max: 1, step: 0.001 },
};

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The URL kind of one lane: { name, hyper } with every field its optimizer uses. */
export function runnerKind(optimizers) {
  return {
    parse(text) {
      const parts = text.split(",");
      const entry = optimizers.find((o) => o.name === parts[0]);
      if (!entry) return { error: `names no optimizer (choose ${optimizers.map((o) => o.name).join(", ")})` };
      if (parts.length % 2 !== 1) return { error: "needs name,key,value,… (a value is missing)" };
      const hyper = { ...entry.defaults };
      for (let i = 1; i < parts.length; i += 2) {
        const key = parts[i];
        if (!(key in entry.defaults)) return { error: `sets ${key}, which ${entry.title} does not use` };
        const t = parts[i + 1].trim();
        const v = Number(t);
        if (!NUMBER.test(t) || !Number.isFinite(v)) return { error: `has ${key} that is not a number` };
        const range = FIELDS[key];
        if (v < range.min || v > range.max) return { error: `has ${key} outside ${range.min} … ${range.max}` };
        hyper[key] = v;
      }
      return { value: { name: entry.name, hyper } };
    },
    write: (r) => [r.name, ...Object.entries(r.hyper).flatMap(([k, v]) => [k, formatNumber(v)])].join(","),
  };
}

/** A learning rate as the page writes it: 0.05, 0.001, 2.4e−4. */
export function formatRate(lr) {
  if (!(lr > 0)) return String(lr);
  return lr >= 0.001 ? String(Number(lr.toPrecision(3))) : lr.toExponential(2).replace(/\.?0+e/, "e").replace("-", "−");
}

/** "Adam, η = 0.05": a lane's name as the leaderboard and the legend show it. */
export function laneTitle(optimizers, runner) {
  const entry = optimizers.find((o) => o.name === runner.name);
  return `${entry ? entry.title : runner.name}, η = ${formatRate(runner.hyper.lr)}`;
}

/**
 * The card of controls for lane `index` (`current()` reads its { name, hyper }): optimizer, learning rate (log slider), the other
 * hyperparameters (number inputs), and a remove button. `on` holds the callbacks:
 *   change(index, { name, hyper }) → an error message to show, or "" when accepted;
 *   remove(index).
 */
export function runnerCard({ index, current, color, optimizers, canRemove, on }) {
  const id = (what) => `r${index + 1}-${what}`;
  const runner = current();
  const entry = optimizers.find((o) => o.name === runner.name);
  const error = h("p", { class: "race-card-error", id: id("error"), role: "alert" });
  const select = h("select", { id: id("optimizer"), "aria-label": `Optimizer of lane ${index + 1}` },
    optimizers.map((o) => h("option", { value: o.name, text: o.title })));
  select.value = runner.name;

  const propose = (next, revert) => {
    const message = on.change(index, next);
    error.textContent = message;
    if (message) revert();
  };

  select.addEventListener("change", () => {
    const chosen = optimizers.find((o) => o.name === select.value);
    // A new optimizer starts from its own defaults, keeping the learning rate.
    propose({ name: chosen.name, hyper: { ...chosen.defaults, lr: current().hyper.lr } }, () => (select.value = current().name));
  });

  const lrOut = h("output", { for: id("lr"), id: id("lr-out"), text: formatRate(runner.hyper.lr) });
  const lr = h("input", {
    id: id("lr"), type: "range", min: String(Math.log10(LR_MIN)), max: String(Math.log10(LR_MAX)), step: "0.01",
    value: String(Math.log10(runner.hyper.lr)),
  });
  lr.addEventListener("input", () => {
    const value = Number((10 ** Number(lr.value)).toPrecision(3));
    lrOut.textContent = formatRate(value);
    const now = current();
    propose({ name: now.name, hyper: { ...now.hyper, lr: value } }, () => {
      lr.value = String(Math.log10(current().hyper.lr));
      lrOut.textContent = formatRate(current().hyper.lr);
    });
  });

  const others = Object.keys(entry.defaults).filter((k) => k !== "lr").map((key) => {
    const field = FIELDS[key];
    const input = h("input", {
      id: id(key), type: "number", inputmode: "decimal", step: String(field.step), value: String(runner.hyper[key]),
    });
    input.addEventListener("change", () => {
      const t = input.value.trim();
      const v = Number(t);
      const now = current();
      const revert = () => (input.value = String(current().hyper[key]));
      if (t === "" || !Number.isFinite(v)) {
        error.textContent = `${field.label}: type a number (kept ${formatValue(now.hyper[key])})`;
        revert();
        return;
      }
      propose({ name: now.name, hyper: { ...now.hyper, [key]: v } }, revert);
    });
    return h("div", { class: "race-field" }, h("label", { for: id(key), text: field.label }), input);
  });

  const swatch = h("span", { class: "race-swatch", "aria-hidden": "true" });
  swatch.style.background = color;
  return h("div", { class: "race-card", dataset: { runner: String(index) } },
    h("div", { class: "race-card-head" },
      swatch,
      h("span", { class: "race-card-number", text: `${index + 1}` }),
      select,
      h("button", {
        type: "button", class: "race-remove", id: id("remove"), title: "Remove this optimizer",
        "aria-label": `Remove lane ${index + 1}`, disabled: !canRemove,
        on: { click: () => on.remove(index) },
      }, "✕")),
    h("div", { class: "field" }, h("label", { for: id("lr") }, "learning rate η ", lrOut), lr),
    others.length ? h("div", { class: "race-others" }, others) : null,
    h("p", { class: "race-card-inner", id: id("inner"), "aria-live": "off" }),
    error,
  );
}
