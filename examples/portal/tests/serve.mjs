// Stages the portal page and serves it on 127.0.0.1.
//
//   node examples/portal/tests/serve.mjs [port]     stage target/portal/ and serve it (Ctrl-C stops)
//
// Staging copies the page (examples/portal/*.html, *.css, *.js, forms/) and the web build of the
// npm package (target/pkg-web: minzheng.js and minzheng_bg.wasm) into target/portal/, the page
// importing ./pkg/minzheng.js. The server is a few lines of Node: GET and HEAD of files under the
// directory, with the WebAssembly MIME type, on 127.0.0.1 only. It compresses as a portal's web
// server would: a client that accepts gzip gets every text file and the .wasm gzipped (level 9,
// the figure the size budget counts), with `content-encoding: gzip` and `vary: accept-encoding`.

import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, "../../..");
export const pageDir = resolve(here, "..");
export const stageDir = join(root, "target/portal");

/** Copies the page and the package into target/portal/ (fresh each time) and returns the directory. */
export function stage(pkgWeb = join(root, "target/pkg-web")) {
  for (const file of ["minzheng.js", "minzheng_bg.wasm"]) {
    if (!existsSync(join(pkgWeb, file))) throw new Error(`${join(pkgWeb, file)} is missing: build target/pkg-web first`);
  }
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(join(stageDir, "pkg"), { recursive: true });
  for (const dir of PAGE_DIRS) {
    mkdirSync(join(stageDir, dir), { recursive: true });
    for (const name of readdirSync(join(pageDir, dir)).sort()) {
      if (/\.(html|css|js)$/.test(name)) copyFileSync(join(pageDir, dir, name), join(stageDir, dir, name));
    }
  }
  for (const file of ["minzheng.js", "minzheng_bg.wasm"]) copyFileSync(join(pkgWeb, file), join(stageDir, "pkg", file));
  return stageDir;
}

/** The page's directories (relative to examples/portal/); tests/ is not part of the page. */
const PAGE_DIRS = ["", "forms"];

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** The types sent gzipped to a client that accepts it (images other than SVG are compressed already). */
const COMPRESSED = new Set([".html", ".js", ".mjs", ".css", ".wasm", ".json", ".svg"]);

/** Gzipped bodies by file, kept while the file's bytes are unchanged. */
const zipCache = new Map();
function gzipped(file, body) {
  const hit = zipCache.get(file);
  if (hit && hit.body.equals(body)) return hit.zipped;
  const zipped = gzipSync(body, { level: 9 });
  zipCache.set(file, { body, zipped });
  return zipped;
}

/** Whether an `accept-encoding` header accepts gzip (a `q=0` refuses it). */
export function acceptsGzip(header = "") {
  return header.split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    if (coding !== "gzip" && coding !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return !q || Number(q.slice(2)) > 0;
  });
}

/** Serves `dir` on 127.0.0.1 (port 0: a free one). Resolves to { origin, server, close() }. */
export function serve(dir = stageDir, port = 0) {
  const base = resolve(dir);
  const server = createServer(async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405).end();
      return;
    }
    let path = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      let body = await readFile(file);
      const headers = {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      };
      if (COMPRESSED.has(extname(file))) {
        headers.vary = "accept-encoding";
        if (acceptsGzip(req.headers["accept-encoding"])) {
          body = gzipped(file, body);
          headers["content-encoding"] = "gzip";
        }
      }
      headers["content-length"] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolvePromise({
        origin: `http://127.0.0.1:${actual}`,
        server,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = stage();
  const { origin } = await serve(dir, Number(process.argv[2] ?? 0));
  console.log(`portal staged in ${dir}, serving ${origin}/ (Ctrl-C stops)`);
}
