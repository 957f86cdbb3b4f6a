// The line-fit lesson's columns in words and units: what each Ames column measures (for the
// picker, the axis titles and the line's sentence), the line as a sentence, and tick labels in
// dollars or in the feature's unit. Numbers themselves are written by www/kit/format.js.

import * as format from "../kit/format.js";
import { moneyTick, plainTick } from "../axes.js";

/** The column the lesson opens on, and the one whose axis title is written out in full. */
export const DEFAULT_FEATURE = "Gr_Liv_Area";

/**
 * What each Ames column measures, shaped like the core's column catalog to come
 * (`engine.columnCatalog()` → [{ name, label, unit, plain }]): `plain` numbers (years, months,
 * degrees) are written without thousands separators.
 */
const AMES_COLUMNS = [
  ["Lot_Frontage", "street frontage", "ft"],
  ["Lot_Area", "lot area", "sq ft"],
  ["Year_Built", "year built", "year", true],
  ["Year_Remod_Add", "year remodelled", "year", true],
  ["Mas_Vnr_Area", "masonry veneer area", "sq ft"],
  ["BsmtFin_SF_2", "finished basement area (type 2)", "sq ft"],
  ["Bsmt_Unf_SF", "unfinished basement area", "sq ft"],
  ["Total_Bsmt_SF", "basement area", "sq ft"],
  ["First_Flr_SF", "first-floor area", "sq ft"],
  ["Second_Flr_SF", "second-floor area", "sq ft"],
  ["Gr_Liv_Area", "area", "sq ft"],
  ["Bsmt_Full_Bath", "basement full bathrooms", "bathroom"],
  ["Bsmt_Half_Bath", "basement half bathrooms", "half bathroom"],
  ["Full_Bath", "full bathrooms", "bathroom"],
  ["Half_Bath", "half bathrooms", "half bathroom"],
  ["Bedroom_AbvGr", "bedrooms", "bedroom"],
  ["Kitchen_AbvGr", "kitchens", "kitchen"],
  ["TotRms_AbvGrd", "rooms", "room"],
  ["Fireplaces", "fireplaces", "fireplace"],
  ["Garage_Cars", "garage size (cars)", "car"],
  ["Garage_Area", "garage area", "sq ft"],
  ["Wood_Deck_SF", "wood deck area", "sq ft"],
  ["Open_Porch_SF", "open porch area", "sq ft"],
  ["Enclosed_Porch", "enclosed porch area", "sq ft"],
  ["Three_season_porch", "three-season porch area", "sq ft"],
  ["Screen_Porch", "screen porch area", "sq ft"],
  ["Pool_Area", "pool area", "sq ft"],
  ["Misc_Val", "value of extras", "$"],
  ["Mo_Sold", "month sold", "month", true],
  ["Year_Sold", "year sold", "year", true],
  ["Longitude", "longitude", "degree", true],
  ["Latitude", "latitude", "degree", true],
].map(([name, label, unit, plain = false]) => ({ name, label, unit, plain }));

/**
 * A feature column in words: its unit ("sq ft"), noun ("area"), whether its numbers are plain
 * (years), its axis title and its picker entry. Other files' columns fall back to "unit" and
 * the column's name. (The one lookup of the column table: it becomes engine.columnCatalog().)
 */
export function describe(feature) {
  const known = AMES_COLUMNS.find((c) => c.name === feature);
  const { label: noun, unit, plain } = known ?? { label: feature, unit: "unit", plain: false };
  const title = feature === DEFAULT_FEATURE ? "Above-ground living area (sq ft)" : `${noun[0].toUpperCase()}${noun.slice(1)} (${unit})`;
  return { unit, noun, plain, title, option: known ? `${feature} (${noun})` : feature };
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
