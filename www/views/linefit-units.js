// The line-fit lesson's columns in words and units: what each Ames column measures (for the
// picker, the axis titles and the line's sentence), the line as a sentence, and tick labels in
// dollars or in the feature's unit. Numbers themselves are written by www/kit/format.js.

import * as format from "../kit/format.js";
import { moneyTick, plainTick } from "../axes.js";

/** The column the lesson opens on, and the one whose axis title is written out in full. */
export const DEFAULT_FEATURE = "Gr_Liv_Area";


const catalogs = new WeakMap(); // engine -> its column catalog, read once

/**
 * A column in words, from the core's column catalog (engine.columnCatalog()): its unit ("sq
 * ft"), its noun for the line's sentence ("living area"), whether its numbers are written plain
 * (years), its axis title and its picker entry. A column of a learner's own file keeps its name.
 */
export function describe(engine, feature) {
  if (!catalogs.has(engine)) catalogs.set(engine, engine.columnCatalog());
  const known = catalogs.get(engine).find((c) => c.name === feature);
  if (!known) return { unit: "unit", noun: feature, plain: false, title: feature, option: feature };
  const { label, unit, plain } = known;
  const noun = `${label[0].toLowerCase()}${label.slice(1)}`;
  return { unit, noun, plain, title: `${label} (${unit})`, option: label };
}

/** The line as a sentence: "price ≈ $109.06 per sq ft × area + $17,404". */
export function equation(slope, intercept, info) {
  const sign = intercept < 0 ? format.MINUS : "+";
  return `price ≈ ${format.moneySig(slope)} per ${info.unit} × ${info.noun} ${sign} ${format.money(Math.abs(intercept))}`;
}

/** An amount in the feature's unit: "$1,200", "1,494 sq ft", "1971" (plain), "−93.642 degree". */
export function amount(v, info) {
  if (info.unit === "$") return format.money(v);
  const sign = v < 0 ? format.MINUS : "";
  if (info.plain) return `${sign}${format.sig5(v).replaceAll(",", "")}`;
  return `${sign}${Math.abs(v) >= 100 ? format.count(Math.abs(v)) : format.sig5(v)} ${info.unit}`;
}


/** Tick labels in the feature's unit: dollars, plain years, or whole numbers with separators. */
export function featureTick(engine, info) {
  if (info.unit === "$") return moneyTick(engine);
  const plain = plainTick(engine);
  return (v, step) => {
    if (info.plain || !(step >= 1 && Math.abs(v) >= 1000 && Number.isInteger(v))) return plain(v, step);
    return `${v < 0 ? format.MINUS : ""}${format.count(Math.abs(v))}`;
  };
}
