// Manual helper (not a test): full-page screenshots of a URL for review.
//   DOWNHILL_URL=http://127.0.0.1:8000/ node tests/e2e/shot.mjs "/?f=bowl" name [width height dark]
import { launch, openPage, SCREENSHOT_DIR } from "./lib.mjs";
const [path = "/", name = "shot", width = "1280", height = "800", scheme = "light"] = process.argv.slice(2);
const browser = await launch();
const { page, context, problems } = await openPage(browser, path, { width: Number(width), height: Number(height), colorScheme: scheme });
await page.waitForTimeout(300);
await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
console.log(`${SCREENSHOT_DIR}/${name}.png`, problems);
await context.close();
await browser.close();
