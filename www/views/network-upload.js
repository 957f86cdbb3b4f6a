// Reading a CSV file into the core without freezing the page: the bytes arrive as a stream
// (a learner's File, or the fetched Ames file — the same path), go into a wasm `CsvUpload` in
// small pieces, and after about 8 ms of work the loop waits for the next frame so the progress
// bar repaints and input stays responsive.

import { h } from "../dom.js";

/** The largest file the page accepts (the limit). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

const PIECE_BYTES = 64 * 1024;
const SLICE_MS = 8;

/** Resolves at the next animation frame (or after 50 ms if frames are paused in a hidden tab). */
export function nextFrame() {
  return new Promise((resolve) => {
    const done = () => resolve();
    requestAnimationFrame(done);
    setTimeout(done, 50);
  });
}

/**
 * Streams `stream` (a ReadableStream of bytes) of `size` bytes (0 if unknown) into a new
 * `engine.CsvUpload`; calls `onProgress(bytesSeen, size)` between slices. Resolves with the
 * `Table`, or rejects with the core's Error (its message says what is wrong with the file).
 * `cancelled()` returning true stops it with an Error whose `cancelled` is true.
 */
export async function streamCsv(engine, stream, size, onProgress, cancelled = () => false) {
  const upload = new engine.CsvUpload();
  let consumed = false;
  const reader = stream.getReader();
  let sliceStart = performance.now();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (let offset = 0; offset < value.length; offset += PIECE_BYTES) {
        upload.push(value.subarray(offset, offset + PIECE_BYTES));
        if (performance.now() - sliceStart > SLICE_MS) {
          onProgress(upload.bytesSeen, size);
          await nextFrame();
          if (cancelled()) {
            const stop = new Error("cancelled");
            stop.cancelled = true;
            throw stop;
          }
          sliceStart = performance.now();
        }
      }
    }
    onProgress(upload.bytesSeen, size);
    consumed = true;
    return upload.finish();
  } catch (err) {
    reader.cancel().catch(() => {});
    throw err;
  } finally {
    if (!consumed) {
      try {
        upload.free();
      } catch {
        // A trapped instance cannot free; it dies with the instance.
      }
    }
  }
}

/** Why `file` cannot be read at all (too large), or null. */
export function refuseFile(file) {
  if (file.size > MAX_FILE_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    return `${file.name} is ${mb} MB; files up to 50 MB are supported. Keep fewer rows or columns and try again.`;
  }
  return null;
}

/**
 * The drop zone with a file picker: `onFile(file)` is called for a dropped or picked file.
 * Returns { zone, input, progress, status }.
 */
export function buildDropZone(onFile) {
  const input = h("input", { id: "csv-file", type: "file", accept: ".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain", class: "visually-hidden" });
  const progress = h("progress", { id: "csv-progress", max: "1", value: "0", hidden: true, "aria-label": "Reading the file" });
  const status = h("p", { id: "csv-status", class: "message", role: "status", "aria-live": "polite" });
  const zone = h("div", { class: "drop-zone", id: "drop-zone" },
    h("p", { class: "drop-title" }, "Drop a CSV file here, or ",
      h("label", { for: "csv-file", class: "file-button", text: "choose a file" })),
    h("p", { class: "drop-hint", text: "Header row; comma, semicolon or tab; up to 50 MB. Your file never leaves this browser: it is read here, by the page, and sent nowhere." }),
    input, progress, status);
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    if (file) onFile(file);
    input.value = "";
  });
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    const file = event.dataTransfer && event.dataTransfer.files && event.dataTransfer.files[0];
    if (file) onFile(file);
  });
  return { zone, input, progress, status };
}
