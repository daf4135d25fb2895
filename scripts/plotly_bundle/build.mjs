// Bundles plotly.js's core (which always has scatter) plus the trace types named on the command
// line into one minified file: `node build.mjs OUT TRACE...`. scripts/vendor_plotly.py runs it
// after `npm ci` in a scratch copy of this directory; read that script's docstring first.
//
// It does what plotly.js's own partial-bundle build does (esbuild, an IIFE that defines
// `window.Plotly`, attribute descriptions stripped, ES2016 target), without that build's
// repository-only tooling, which the npm package does not ship. Two changes of its own:
// - the unused geo `topojsonURL` default points at this server, not cdn.plot.ly (the app
//   serves no file that names a CDN);
// - maplibre's stylesheet, which only map traces load, is left out.
// METAFILE=path.json also writes esbuild's metafile, to see which modules the bytes come from.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const [out, ...traces] = process.argv.slice(2);
if (!out || traces.length === 0) throw new Error('usage: node build.mjs OUT TRACE...');

const plotlyRoot = path.dirname(require.resolve('plotly.js/package.json'));
const version = JSON.parse(readFileSync(path.join(plotlyRoot, 'package.json'), 'utf8')).version;
const plotlySrc = path.join(plotlyRoot, 'src') + path.sep;

// A one-line JS string literal in single or double quotes.
const STRING = String.raw`(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")`;
// A `description: '...'` or `description: ['...', ...].join(' ')` property, with its comma.
// Descriptions document the schema; nothing reads them when drawing, and they are a large share
// of the source. A description built any other way is left as it is.
const DESCRIPTION = new RegExp(
  String.raw`\bdescription:\s*(?:${STRING}|\[(?:\s*${STRING}\s*,?)*\s*\]\.join\(\s*${STRING}\s*\))\s*(?:,|(?=\}))`,
  'g',
);
const CDN_TOPOJSON = "dflt: 'https://cdn.plot.ly/un/'";
const LOCAL_TOPOJSON = "dflt: '/assets/vendor/topojson/'";
let topojsonDefaults = 0;

const plotlySource = {
  name: 'plotly-source',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(plotlySrc)) return undefined;
      let text = readFileSync(args.path, 'utf8').replace(DESCRIPTION, '');
      topojsonDefaults += text.split(CDN_TOPOJSON).length - 1;
      text = text.replaceAll(CDN_TOPOJSON, LOCAL_TOPOJSON);
      return { contents: text, loader: 'js' };
    });
    b.onResolve({ filter: /^maplibre-gl\/dist\/maplibre-gl\.css$/ }, (args) => ({ path: args.path, namespace: 'empty' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '', loader: 'js' }));
  },
};

const entry = [
  "'use strict';",
  "var Plotly = require('plotly.js/lib/core');",
  `Plotly.register([${traces.map((t) => `require('plotly.js/lib/${t}')`).join(', ')}]);`,
  'module.exports = Plotly;',
].join('\n');

// The published bundles' licence header, naming this bundle's traces where they say "cartesian".
const published = readFileSync(path.join(plotlyRoot, 'dist', 'plotly-cartesian.min.js'), 'utf8');
const name = `(custom: ${traces.join(', ')} - minified) v${version}`;
const header = published.slice(0, published.indexOf('*/') + 2).replace(`(cartesian - minified) v${version}`, name);
if (!header.includes(name)) throw new Error(`unexpected licence header in plotly.js ${version}:\n${header}`);

const result = await build({
  stdin: { contents: entry, resolveDir: here, loader: 'js' },
  bundle: true,
  minify: true,
  format: 'iife',
  globalName: 'Plotly',
  target: 'es2016',
  charset: 'utf8',
  legalComments: 'eof',
  define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
  alias: { stream: 'stream-browserify' },
  plugins: [plotlySource],
  metafile: Boolean(process.env.METAFILE),
  write: false,
  logLevel: 'warning',
});
if (topojsonDefaults !== 1) throw new Error(`expected one CDN topojsonURL default, found ${topojsonDefaults}`);
if (process.env.METAFILE) writeFileSync(process.env.METAFILE, JSON.stringify(result.metafile));
writeFileSync(out, `${header}\n${result.outputFiles[0].text}window.Plotly = Plotly;\n`);
