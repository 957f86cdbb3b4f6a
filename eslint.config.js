// ESLint's flat config for the lint stage of `cargo xtask test` (`cargo xtask test --only lint`).
// ESLint, @eslint/js and globals are pinned in xtask/npm/ and installed under target/tools/; the
// xtask points NODE_PATH there, so this file is CommonJS (`require` honours NODE_PATH, `import`
// does not).
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {
    // Generated or installed, not written here.
    ignores: ["www/pkg/**", "target/**", "dist/**", "**/node_modules/**"],
  },
  js.configs.recommended,
  {
    // The page: ES modules in the browser.
    files: ["www/**/*.js"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: { ...globals.browser },
    },
  },
  {
    // The offline copy's service worker.
    files: ["www/sw.js"],
    languageOptions: {
      globals: { ...globals.serviceworker },
    },
  },
  {
    // Tests, the benchmark runners and the site bundler run in Node; the page tests and the
    // in-page benchmark also hand functions to the browser (Playwright's page.evaluate).
    files: ["tests/**/*.mjs", "bench/**/*.mjs", "xtask/npm/**/*.mjs"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
];
