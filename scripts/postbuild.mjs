// Trunk's post-build hook (Trunk.toml): turns the build into an offline app under a strict
// Content-Security-Policy. Runs on the staging directory before Trunk publishes it.
//
// 1. Minifies the wasm-bindgen glue and the stylesheet with esbuild (Trunk's own minifier fails on
//    the glue) and updates their integrity hashes.
// 2. Moves Trunk's inline start-up script into a file, with the service worker registration
//    (assets/pwa/register.js) appended and minified, so the CSP in index.html needs no inline script.
// 3. Writes the app's Web Worker script, worker.js (see its block below).
// 4. Writes sw.js (assets/pwa/sw.js) with every file of the build and a version taken from their
//    contents, so any change to any file installs as a new version.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { transformSync } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!dir) fail('run by Trunk (TRUNK_STAGING_DIR) or with the build directory as argument');

const sha = (algorithm, data) => createHash(algorithm).update(data).digest();

const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');
const integrityOf = (data) => `sha384-${sha('sha384', data).toString('base64')}`;

const glue = /<link rel="modulepreload" href="\/([^"]+\.js)"[^>]*integrity="([^"]+)"/.exec(html);
if (!glue) fail('index.html preloads no wasm-bindgen glue: did Trunk change its output?');
const minified = transformSync(readFileSync(join(dir, glue[1]), 'utf8'), { minify: true, format: 'esm' }).code;
writeFileSync(join(dir, glue[1]), minified);
html = html.replace(glue[2], integrityOf(minified));
// The stylesheet's comments say why each rule is there; the device needs only the rules.
const style = /<link rel="stylesheet" href="\/([^"]+\.css)" integrity="([^"]+)"/.exec(html);
if (!style) fail('index.html links no stylesheet with an integrity hash: did Trunk change its output?');
const css = transformSync(readFileSync(join(dir, style[1]), 'utf8'), { loader: 'css', minify: true }).code;
writeFileSync(join(dir, style[1]), css);
html = html.replace(style[2], integrityOf(css));
const inline = /<script type="module">([\s\S]*?)<\/script>/.exec(html);
if (!inline) fail('index.html has no inline start-up script: did Trunk change its output?');
const start = transformSync(`${inline[1].trim()}\n\n${readFileSync(join(ROOT, 'assets/pwa/register.js'), 'utf8')}`, {
  minify: true,
  format: 'esm',
}).code;
const startName = `start-${sha('sha256', start).toString('hex').slice(0, 16)}.js`;
writeFileSync(join(dir, startName), start);
html = html.replace(
  inline[0],
  `<script type="module" src="/${startName}" integrity="${integrityOf(start)}" crossorigin="anonymous"></script>`,
);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) fail('index.html still has an inline script');
if (!html.includes('http-equiv="Content-Security-Policy"')) fail('index.html has no Content-Security-Policy');
writeFileSync(indexPath, html);

// 3. The app's Web Worker (src/worker.rs) runs the app's own Wasm.
// A module script that imports the app's wasm-bindgen glue and starts it with the app's Wasm; the app's
// `main` then finds itself in a worker and serves requests. A failure to start is reported as the worker's
// error, which the page's `worker::ask` returns. Its name is fixed because src/worker.rs names it; the
// service worker precaches it with every other file.
const wasm = /<link rel="preload" href="\/([^"]+_bg\.wasm)"/.exec(html);
if (!wasm) fail('index.html preloads no app Wasm: did Trunk change its output?');
writeFileSync(
  join(dir, 'worker.js'),
  `import init from '/${glue[1]}';\ninit({ module_or_path: '/${wasm[1]}' }).catch(reportError);\n`,
);

function files(at) {
  return readdirSync(at).flatMap((name) => {
    const path = join(at, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}
const paths = files(dir)
  .map((path) => `/${relative(dir, path).split('\\').join('/')}`)
  .filter((path) => path !== '/sw.js')
  .sort();
const version = sha('sha256', paths.map((path) => readFileSync(join(dir, path))).reduce((all, bytes) => Buffer.concat([all, bytes]), Buffer.alloc(0)))
  .toString('hex')
  .slice(0, 16);
const sw = readFileSync(join(ROOT, 'assets/pwa/sw.js'), 'utf8')
  .replace("'__VERSION__'", JSON.stringify(version))
  .replace('__FILES__', JSON.stringify(paths));
writeFileSync(join(dir, 'sw.js'), sw);
console.log(`postbuild: ${startName}, sw.js version ${version} precaching ${paths.length} files`);

function fail(message) {
  console.error(`postbuild: ${message}`);
  process.exit(1);
}
