// Loading the line-fit lesson's data: the Ames sales fetched and read through the page's one
// streaming CSV upload (www/upload.js, the one the network lesson uses) into the core's Table,
// then a LineFit of one column against the sale price built on that table.

import { uploadCsv } from "../upload.js";
import * as format from "../kit/format.js";

const DATA_URL = new URL("../data/ames.csv", import.meta.url);
const TARGET = "Sale_Price";

/**
 * Loads the Ames sales into a LineFit of `feature` against the sale price; `progress(text)`
 * hears how far it got. Resolves with the LineFit (for the caller to own), or null if the view
 * stopped meanwhile; rejects with an Error in words.
 */
export async function loadFit(kit, feature, progress) {
  const response = await fetch(DATA_URL);
  if (!response.ok) throw new Error(`Could not load the house sales (${DATA_URL.pathname} answered ${response.status}). Reload the page to try again.`);
  let table;
  try {
    table = await uploadCsv(kit, kit.engine, response, {
      onProgress: (seen, size) => progress(`Loading house sales… ${size > 0 ? `${Math.round((100 * Math.min(seen, size)) / size)}%` : `${format.count(seen / 1024)} KB`}`),
    });
  } catch (err) {
    if (err?.cancelled) return null;
    throw err;
  }
  try {
    // The fit shares the table's columns; the handle itself can go.
    return kit.engine.LineFit.fromTable(table, TARGET, feature);
  } finally {
    table.free();
  }
}
