// The release build served on 127.0.0.1, and how Chromium is launched: shared by the end-to-end
// tests (harness.mjs) and the browser benchmark (bench.mjs), which also times SurveyJS's bare form under
// /surveyjs/ from the same server.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = process.env.MESTRING_DIST ?? join(ROOT, 'dist');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const LAUNCH = {
  executablePath: CHROMIUM,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

const SURVEYJS_DIR = join(import.meta.dirname, 'surveyjs');
const NPM = join(import.meta.dirname, 'node_modules');
/// SurveyJS's bare ORS (tests/e2e/surveyjs/) and its form engine, from npm (tests/e2e/package.json).
const SURVEYJS = new Map([
  ['/surveyjs/', join(SURVEYJS_DIR, 'index.html')],
  ['/surveyjs/ors.js', join(SURVEYJS_DIR, 'ors.js')],
  ['/surveyjs/survey.core.min.js', join(NPM, 'survey-core/survey.core.min.js')],
  ['/surveyjs/survey-core.fontless.min.css', join(NPM, 'survey-core/survey-core.fontless.min.css')],
  ['/surveyjs/survey-js-ui.min.js', join(NPM, 'survey-js-ui/survey-js-ui.min.js')],
]);

/// Files the server answers with other content than the build's, as a newly deployed version would.
const deployed = new Map();

/// Serves `body` at `path` from now on, as if a new version had been deployed; returns the undo.
export function deploy(path, body) {
  deployed.set(path, body);
  return () => deployed.delete(path);
}

/// A static server for dist/ that answers unknown paths with index.html, as the app's router expects.
export function serve(dir) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (deployed.has(path)) {
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(deployed.get(path));
      return;
    }
    const surveyjs = SURVEYJS.get(path);
    let file = surveyjs ?? join(dir, path);
    if (!surveyjs && (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory())) {
      file = join(dir, 'index.html');
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ready) => {
    server.listen(0, '127.0.0.1', () => ready(server));
  });
}
