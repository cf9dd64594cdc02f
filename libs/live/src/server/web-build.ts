/**
 * Bundles the dashboards (the kit's landing page and each use case's dashboard entry) with Vite,
 * once: the output is cached under `libs/live/.cache/web/<hash of the sources>`, so the first
 * `npm start` on a fresh clone builds (a few seconds) and later starts reuse it. Nothing is
 * fetched from a CDN: uPlot and the kit are bundled.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@streamlab/core';
import { StreamlabError } from '@streamlab/core';

/** A bundled entry: its script and stylesheets, as paths under `/assets/`. */
export interface BuiltEntry {
  js: string;
  css: string[];
}

export interface WebAssets {
  /** Directory served at `/assets/`. */
  dir: string;
  entries: Record<string, BuiltEntry>;
}

export interface BuildOptions {
  /** Entry name to absolute module path (the kit adds `landing`). */
  entries: Record<string, string>;
  logger: Logger;
  cacheDir?: string;
  /** Rebuild even when the cache is fresh. */
  force?: boolean;
}

const liveRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The landing page's entry module. */
export const LANDING_ENTRY = join(liveRoot, 'src', 'browser', 'landing.ts');

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir).sort()) {
    if (e === 'node_modules' || e === 'dist' || e.startsWith('.')) continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (/\.(ts|css|svg)$/.test(e) && !/\.(spec|bench)\.ts$/.test(e)) yield p;
  }
}

/** A hash of everything that goes into the bundle: kit sources, entry folders, Vite's version. */
function sourceHash(entries: Record<string, string>): string {
  const h = createHash('sha256');
  const dirs = new Set([join(liveRoot, 'src'), ...Object.values(entries).map((e) => dirname(e))]);
  h.update(JSON.stringify(entries));
  h.update(readFileSync(join(liveRoot, '..', '..', 'node_modules', 'vite', 'package.json')));
  for (const d of [...dirs].sort()) {
    for (const f of sources(d)) {
      h.update(relative(liveRoot, f));
      h.update(readFileSync(f));
    }
  }
  return h.digest('hex').slice(0, 16);
}

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
  name?: string;
}

/** Stylesheets of a chunk and of every chunk it imports, in import order. */
function cssOf(manifest: Record<string, ManifestChunk>, key: string, seen = new Set<string>()): string[] {
  if (seen.has(key)) return [];
  seen.add(key);
  const chunk = manifest[key];
  if (!chunk) return [];
  const out: string[] = [];
  for (const imp of chunk.imports ?? []) out.push(...cssOf(manifest, imp, seen));
  out.push(...(chunk.css ?? []));
  return [...new Set(out)];
}

/**
 * Builds (or reuses) the dashboard bundles.
 *
 * @example
 * const web = await buildWebAssets({ entries: { 'uc-demo': '/abs/apps/hub/src/demo/dashboard.ts' }, logger });
 * web.entries.landing.js; // 'landing-3f2a.js', served at /assets/landing-3f2a.js
 */
export async function buildWebAssets(opts: BuildOptions): Promise<WebAssets> {
  const entries = { landing: LANDING_ENTRY, ...opts.entries };
  for (const [name, path] of Object.entries(entries)) {
    if (!existsSync(path)) {
      throw new StreamlabError('LIVE_DASHBOARD_MISSING', `dashboard entry "${name}" not found`, { value: path, hint: 'set dashboard.entry to the absolute path of the dashboard module' });
    }
  }
  const cacheDir = opts.cacheDir ?? join(liveRoot, '.cache', 'web');
  const hash = sourceHash(entries);
  const outDir = join(cacheDir, hash);
  const manifestPath = join(outDir, '.vite', 'manifest.json');
  if (opts.force || !existsSync(manifestPath)) {
    const started = Date.now();
    opts.logger.info({ outDir }, 'bundling dashboards with Vite (first start after a change)');
    const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
    const { build } = await import('vite');
    await build({
      configFile: false,
      root: liveRoot,
      logLevel: 'warn',
      mode: 'production',
      publicDir: false,
      resolve: { conditions: ['development', 'module', 'browser'] },
      build: {
        outDir: tmp,
        emptyOutDir: true,
        manifest: true,
        assetsDir: '',
        target: 'es2022',
        sourcemap: true,
        reportCompressedSize: false,
        modulePreload: { polyfill: false },
        rolldownOptions: { input: entries },
      },
    });
    mkdirSync(cacheDir, { recursive: true });
    if (opts.force) rmSync(outDir, { recursive: true, force: true });
    try {
      renameSync(tmp, outDir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another process built it first
    }
    opts.logger.info({ ms: Date.now() - started }, 'dashboards bundled');
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const built: Record<string, BuiltEntry> = {};
  for (const [src, chunk] of Object.entries(manifest)) {
    if (!chunk.isEntry) continue;
    const name = Object.entries(entries).find(([, p]) => relative(liveRoot, p).split('\\').join('/') === src)?.[0] ?? chunk.name;
    if (name) built[name] = { js: chunk.file, css: cssOf(manifest, src) };
  }
  return { dir: outDir, entries: built };
}
