// The page's one streaming CSV upload: a learner's File, or a fetched data file (a Response) —
// the same path — goes into a wasm `CsvUpload` in small pieces, about 8 ms of work per frame,
// so the progress bar repaints and input stays responsive while a 50 MB file is read. The
// result is the core's `Table`; what a lesson builds from it is up to the lesson.

/** The largest file the page accepts. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

const PIECE_BYTES = 64 * 1024;
const SLICE_MS = 8;

/**
 * The kit's next frame — or 50 ms, when a hidden tab has no frames, so a file goes on loading
 * in the background.
 */
function nextFrame(kit) {
  return Promise.race([kit.nextFrame(), new Promise((resolve) => setTimeout(resolve, 50))]);
}

/** Why `file` cannot be read at all (too large), or null. */
export function refuseFile(file) {
  if (file.size > MAX_FILE_BYTES) {
    const mb = (file.size / 1024 / 1024).toFixed(1);
    return `${file.name} is ${mb} MB; files up to 50 MB are supported. Keep fewer rows or columns and try again.`;
  }
  return null;
}

/** The bytes of `source` as a stream, and their count (0 when unknown). */
function bytesOf(source) {
  if (typeof Response !== "undefined" && source instanceof Response) {
    if (!source.ok) throw new Error(`the server answered ${source.status}`);
    return { stream: source.body, size: Number(source.headers.get("content-length")) || 0 };
  }
  return { stream: source.stream(), size: source.size };
}

/**
 * Reads `source` (a File or Blob, or a fetch Response) into a new `engine.CsvUpload` and
 * resolves with its `Table` (the caller owns it: `kit.replace(old, table)`). Between slices it
 * calls `onProgress(bytesSeen, size)` (size 0 when unknown). It rejects with the core's Error,
 * whose message says what is wrong with the file, or — when the view has stopped or
 * `cancelled()` turns true — with an Error whose `cancelled` is true.
 *
 * Reading ends with the performance mark "downhill-table-read", and the Table arrives a frame
 * later, so that building on it is a task of its own (tests tell the two apart).
 */
export async function uploadCsv(kit, engine, source, { onProgress = () => {}, cancelled = () => false } = {}) {
  const { stream, size } = bytesOf(source);
  const stop = () => {
    if (!(kit.stopped || cancelled())) return;
    const err = new Error("cancelled");
    err.cancelled = true;
    throw err;
  };
  const upload = new engine.CsvUpload();
  let table = null;
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
          await nextFrame(kit);
          stop();
          sliceStart = performance.now();
        }
      }
    }
    onProgress(upload.bytesSeen, size);
    table = upload.finish();
    upload.free(); // the table holds what was read; the upload is done
  } catch (err) {
    reader.cancel().catch(() => {});
    try {
      upload.free();
    } catch {
      // A trapped instance cannot free; it dies with the instance.
    }
    throw err;
  }
  performance.mark("downhill-table-read");
  await nextFrame(kit);
  try {
    stop();
  } catch (err) {
    try {
      table.free();
    } catch {
      // As above: a trapped instance frees nothing.
    }
    throw err;
  }
  return table;
}
