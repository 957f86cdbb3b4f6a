// Loading the line-fit lesson's data: the Ames sales fetched and pushed through the core's
// incremental reader a few milliseconds per frame, so the page stays responsive. (This path
// goes once the core has LineFit.fromTable: the lesson then reads its file through the shared
// CSV upload, the one the network lesson uses.)

const DATA_URL = new URL("../data/ames.csv", import.meta.url);
const TARGET = "Sale_Price";
const CHUNK_BYTES = 16384; // CSV bytes per push while loading
const SLICE_MS = 6; // at most this long in the core per frame while loading

/**
 * Loads the Ames sales into a LineFit of `feature` against the sale price; `progress(text)`
 * hears how far it got. Resolves with the LineFit (for the caller to own), or null if the view
 * stopped meanwhile; rejects with an Error in words.
 */
export async function loadFit(kit, feature, progress) {
  const response = await fetch(DATA_URL);
  if (!response.ok) throw new Error(`Could not load the house sales (${DATA_URL.pathname} answered ${response.status}). Reload the page to try again.`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const reader = new kit.engine.LineFitReader();
  let finished = false;
  try {
    for (let offset = 0; offset < bytes.length;) {
      await kit.nextFrame();
      if (kit.stopped) return null;
      const started = performance.now();
      while (offset < bytes.length && performance.now() - started < SLICE_MS) {
        reader.push(bytes.subarray(offset, offset + CHUNK_BYTES));
        offset += CHUNK_BYTES;
      }
      progress(`Loading 2,930 house sales… ${Math.round((100 * Math.min(offset, bytes.length)) / bytes.length)}%`);
    }
    await kit.nextFrame();
    if (kit.stopped) return null;
    finished = true; // finish() takes the reader, whether it succeeds or not
    return reader.finish(TARGET, feature);
  } finally {
    if (!finished) {
      try {
        reader.free();
      } catch {
        // The instance trapped: the reader dies with it.
      }
    }
  }
}
