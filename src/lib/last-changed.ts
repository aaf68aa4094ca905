import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

/**
 * lastChanged is when a file last changed: its last commit's date, or its modification time
 * outside a git checkout (a source tarball). Build-time only (sitemap lastmod, feed updated).
 */
export function lastChanged(path: string): string {
  try {
    const committed = execFileSync('git', ['log', '-1', '--format=%cI', '--', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (committed) return new Date(committed).toISOString();
  } catch {
    // Not a git checkout, or git is missing: fall through to the file's own date.
  }
  return statSync(path).mtime.toISOString();
}
