// Bundles the editor (CodeMirror) into wwwroot/assets/editor.js, one minified ES module, and
// each language's grammar into its own chunk under wwwroot/assets/editor-chunks/, loaded when
// a page first shows that language. Run by scripts/setup.sh through `npm run build`.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const assets = here("../src/Arbiter.Server/wwwroot/assets");

// Chunk names carry a content hash; drop the previous build's so they do not pile up.
rmSync(`${assets}/editor-chunks`, { recursive: true, force: true });
await build({
    entryPoints: { editor: here("src/editor.js") },
    outdir: assets,
    chunkNames: "editor-chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    minify: true,
    target: ["es2020"],
    legalComments: "eof",
    logLevel: "warning",
});
