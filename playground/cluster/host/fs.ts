/**
 * HostFileSystem is the control-plane node's disk, in memory: just enough of a POSIX tree for
 * `cat`, `ls -l`, `grep` and `sed -i` on the files an administrator looks at (manifests, the
 * systemd unit, kubeconfigs, certificate names). Files carry an owner-style mode and a virtual
 * modification time so `ls -l` reads like the real thing. Writers are announced to listeners,
 * which is how the kubelet "watches" /etc/kubernetes/manifests.
 */

/** HostFile is one regular file. */
export interface HostFile {
  content: string;
  /** Permission bits, e.g. 0o600 for a manifest, 0o644 for a certificate. */
  mode: number;
  /** Virtual time (ms) of the last write. */
  modifiedAt: number;
}

/** DirEntry is one line of a directory listing. */
export interface DirEntry {
  name: string;
  kind: 'file' | 'dir';
  /** For files: the file itself; for directories: undefined. */
  file?: HostFile;
}

/** FsError carries the errno-style reason (`No such file or directory`, `Is a directory`). */
export class FsError extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'No such file or directory' | 'Is a directory' | 'Not a directory',
  ) {
    super(`${path}: ${reason}`);
    this.name = 'FsError';
  }
}

/** normalizePath makes `path` absolute and removes `.`, `..` and repeated or trailing slashes. */
export function normalizePath(path: string, cwd = '/'): string {
  const absolute = path.startsWith('/') ? path : `${cwd}/${path}`;
  const parts: string[] = [];
  for (const part of absolute.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** HostFileSystem holds files by absolute path; directories exist implicitly or by mkdir. */
export class HostFileSystem {
  private readonly files = new Map<string, HostFile>();
  private readonly dirs = new Set<string>(['/']);
  private readonly listeners: ((path: string) => void)[] = [];

  constructor(private readonly now: () => number) {}

  /** onWrite registers a listener called with the path after every write (not on reads). */
  onWrite(listener: (path: string) => void): void {
    this.listeners.push(listener);
  }

  /** mkdir creates a directory and its parents (like `mkdir -p`). */
  mkdir(path: string): void {
    let dir = normalizePath(path);
    while (!this.dirs.has(dir)) {
      if (this.files.has(dir)) throw new FsError(dir, 'Not a directory');
      this.dirs.add(dir);
      dir = parentOf(dir);
    }
  }

  /** writeFile creates or replaces a file (parent directories are created), keeping its mode when it exists. */
  writeFile(path: string, content: string, mode?: number): void {
    const normalized = normalizePath(path);
    if (this.dirs.has(normalized)) throw new FsError(normalized, 'Is a directory');
    this.mkdir(parentOf(normalized));
    const existing = this.files.get(normalized);
    this.files.set(normalized, { content, mode: mode ?? existing?.mode ?? 0o644, modifiedAt: this.now() });
    for (const listener of this.listeners) listener(normalized);
  }

  /** readFile returns a file's text; a missing path or a directory throws FsError. */
  readFile(path: string): string {
    return this.stat(path).content;
  }

  /** stat returns the file record (throws FsError for a missing path or a directory). */
  stat(path: string): HostFile {
    const normalized = normalizePath(path);
    const file = this.files.get(normalized);
    if (file) return file;
    throw new FsError(normalized, this.dirs.has(normalized) ? 'Is a directory' : 'No such file or directory');
  }

  /** exists is true for a file or a directory at `path`. */
  exists(path: string): boolean {
    const normalized = normalizePath(path);
    return this.files.has(normalized) || this.dirs.has(normalized);
  }

  /** isDirectory is true when `path` is a directory. */
  isDirectory(path: string): boolean {
    return this.dirs.has(normalizePath(path));
  }

  /** list returns a directory's entries sorted by name, as `ls` prints them. */
  list(path: string): DirEntry[] {
    const dir = normalizePath(path);
    if (!this.dirs.has(dir)) {
      if (this.files.has(dir)) throw new FsError(dir, 'Not a directory');
      throw new FsError(dir, 'No such file or directory');
    }
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const entries = new Map<string, DirEntry>();
    for (const sub of this.dirs) {
      if (sub !== dir && sub.startsWith(prefix) && !sub.slice(prefix.length).includes('/')) {
        entries.set(sub.slice(prefix.length), { name: sub.slice(prefix.length), kind: 'dir' });
      }
    }
    for (const [filePath, file] of this.files) {
      if (filePath.startsWith(prefix) && !filePath.slice(prefix.length).includes('/')) {
        entries.set(filePath.slice(prefix.length), { name: filePath.slice(prefix.length), kind: 'file', file });
      }
    }
    return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** paths returns every file path, sorted (for tests and debugging). */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }
}
