/**
 * `/`-separated path joining for checkpoint locations, without `node:path` (the core is pure). It
 * behaves as POSIX `path.join`: empty parts are skipped, `.` and `..` segments are resolved, a
 * leading `/` is kept.
 *
 * @example
 * joinPath('/cp/', 'state', '0'); // '/cp/state/0'
 */
export function joinPath(...parts: string[]): string {
  const joined = parts.filter((p) => p.length > 0).join('/');
  if (joined.length === 0) return '.';
  const absolute = joined.startsWith('/');
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg === '..' && absolute) continue;
    else out.push(seg);
  }
  const body = out.join('/');
  const trailing = joined.endsWith('/') && body.length > 0 ? '/' : '';
  return absolute ? `/${body}${trailing}` : body.length > 0 ? `${body}${trailing}` : '.';
}

/** The directory part of `path` (`/cp/offsets/3` → `/cp/offsets`). */
export function parentPath(path: string): string {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : p.slice(0, i);
}
