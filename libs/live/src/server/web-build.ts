/**
 * Bundles the dashboards (the kit's landing page and each use case's dashboard entry) with Vite,
 * once: the output is cached under `libs/live/.cache/web/<hash>`, where the hash covers the
 * contents of every module the bundles were built from (Vite reports them), so editing any file
 * a dashboard imports, in the kit, the app or node_modules, rebuilds it. The first `npm start`
 * on a fresh clone builds (about a second); later starts reuse it. Nothing is fetched from a
 * CDN: uPlot and the kit are bundled.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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

const viteVersion = (): string =>
  (JSON.parse(readFileSync(join(liveRoot, '..', '..', 'node_modules', 'vite', 'package.json'), 'utf8')) as { version: string }).version;

/** The key of an entry set: names, paths and Vite's version. */
function entriesKey(entries: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify(entries)).update(viteVersion()).digest('hex').slice(0, 16);
}

/** A hash of the contents of every module that went into the bundles; null when one is gone. */
function inputsHash(key: string, inputs: readonly string[]): string | null {
  const h = createHash('sha256').update(key);
  for (const f of inputs) {
    if (!existsSync(f)) return null;
    h.update(f);
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

/** The files a Vite build read (every module of every chunk), for the cache check. */
function inputsOf(result: unknown): string[] {
  const outputs = (Array.isArray(result) ? result : [result]) as { output?: { type: string; moduleIds?: string[] }[] }[];
  const files = new Set<string>();
  for (const o of outputs) {
    for (const item of o.output ?? []) {
      for (const id of item.moduleIds ?? []) {
        const file = id.split('?')[0] as string;
        if (file.startsWith('/') && existsSync(file)) files.add(file);
      }
    }
  }
  return [...files].sort();
}

const KEEP_BUNDLES = 8;
const KEEP_MS = 24 * 3600_000;

/** Removes old bundles: keeps the newest few and anything used in the last day. */
function prune(cacheDir: string, current: string): void {
  const dirs = readdirSync(cacheDir)
    .map((d) => join(cacheDir, d))
    .filter((d) => d !== current && !d.includes('.tmp-') && !d.endsWith('/index'))
    .map((d) => ({ d, mtime: statSync(d).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { d, mtime } of dirs.slice(KEEP_BUNDLES - 1)) {
    if (Date.now() - mtime > KEEP_MS) rmSync(d, { recursive: true, force: true });
  }
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
      throw new StreamlabError('LIVE_DASHBOARD_MISSING', `dashboard entry "${name}" not found`, {
        value: path,
        hint: 'set dashboard.entry to the absolute path of the dashboard module',
      });
    }
  }
  const cacheDir = opts.cacheDir ?? join(liveRoot, '.cache', 'web');
  const key = entriesKey(entries);
  const indexPath = join(cacheDir, 'index', `${key}.json`);
  let outDir: string | null = null;
  if (!opts.force && existsSync(indexPath)) {
    const inputs = (JSON.parse(readFileSync(indexPath, 'utf8')) as { inputs: string[] }).inputs;
    const hash = inputsHash(key, inputs);
    if (hash && existsSync(join(cacheDir, hash, '.vite', 'manifest.json'))) outDir = join(cacheDir, hash);
  }
  if (outDir) {
    const t = new Date();
    utimesSync(outDir, t, t); // in use: keep it out of pruning
  } else {
    const started = Date.now();
    opts.logger.info({ cacheDir }, 'bundling dashboards with Vite (first start after a change)');
    const tmp = join(cacheDir, `.tmp-${process.pid}-${Date.now()}`);
    mkdirSync(cacheDir, { recursive: true });
    const { build } = await import('vite');
    let result: unknown;
    try {
      result = await build({
        configFile: false,
        root: liveRoot,
        logLevel: 'silent', // failures are thrown below with Vite's message
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
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw new StreamlabError('LIVE_DASHBOARD_BUILD_FAILED', `bundling the dashboards failed: ${(err as Error).message}`, {
        value: Object.keys(entries),
        hint: 'fix the dashboard module named in the message (it is bundled with Vite)',
        cause: err,
      });
    }
    const inputs = inputsOf(result);
    outDir = join(cacheDir, inputsHash(key, inputs) ?? `${key}-${Date.now()}`);
    if (existsSync(outDir)) rmSync(outDir, { recursive: true, force: true });
    try {
      renameSync(tmp, outDir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another process built it first
    }
    mkdirSync(dirname(indexPath), { recursive: true });
    writeFileSync(indexPath, JSON.stringify({ entries, inputs }, null, 1));
    opts.logger.info({ ms: Date.now() - started, outDir, modules: inputs.length }, 'dashboards bundled');
    prune(cacheDir, outDir);
  }
  const manifestPath = join(outDir, '.vite', 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const built: Record<string, BuiltEntry> = {};
  for (const [src, chunk] of Object.entries(manifest)) {
    if (!chunk.isEntry) continue;
    const name = Object.entries(entries).find(([, p]) => relative(liveRoot, p).split('\\').join('/') === src)?.[0] ?? chunk.name;
    if (name) built[name] = { js: chunk.file, css: cssOf(manifest, src) };
  }
  return { dir: outDir, entries: built };
}
