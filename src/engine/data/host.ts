// What the data loaders need from the platform, as one small interface: Node implements it with
// fs, zlib, pngjs and jpeg-js (node-host.ts); the webview with fetch, DecompressionStream and
// createImageBitmap. The loaders themselves stay platform-neutral.

export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes per pixel, row-major. */
  readonly rgba: Uint8Array;
}

export interface DirEntry {
  readonly name: string;
  readonly isDir: boolean;
  /** A symbolic link (isDir then says what it points to); only these need resolveInside once their folder passed it. */
  readonly isLink?: boolean;
}

export interface DataHost {
  /** The bytes of a file (absolute path); rejects with an error whose `code` is 'ENOENT' when missing. */
  readFile(path: string): Promise<Uint8Array>;
  listDir(path: string): Promise<DirEntry[]>;
  gunzip(bytes: Uint8Array): Promise<Uint8Array>;
  decodeImage(bytes: Uint8Array, name: string): Promise<DecodedImage>;
  /**
   * Where a path really points, symbolic links followed (fs.realpath); rejects with code 'ENOENT'
   * when it does not exist. A host without links (a webview reading over fetch) leaves it out.
   */
  realPath?(path: string): Promise<string>;
}

/** Where paths are read from: relative to the experiment's folder, never outside the workspace. */
export interface DataLocation {
  /** Folder of the experiment file (absolute). */
  readonly base: string;
  /** Root that every data path must stay inside (absolute). */
  readonly workspace: string;
}

/** A data problem a person can fix; `file`, `line`, `column` point at it when known (1-based). */
export class DataError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

/** Lexical path normalisation with '/' separators ('\\' is read as '/'), so it runs anywhere. */
export function normalizePath(p: string): string {
  const s = p.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:/.exec(s)?.[0] ?? '';
  const rest = s.slice(drive.length);
  const absolute = rest.startsWith('/');
  const out: string[] = [];
  for (const part of rest.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  return drive + (absolute ? '/' : '') + out.join('/');
}

const isAbsolute = (p: string): boolean => /^([A-Za-z]:)?[\\/]/.test(p);

/** Resolves a path written in an experiment; a path that leaves the workspace is a DataError. */
export function resolveDataPath(loc: DataLocation, written: string): string {
  if (!written) throw new DataError('the data path is empty');
  const full = normalizePath(isAbsolute(written) ? written : `${loc.base}/${written}`);
  const root = normalizePath(loc.workspace).replace(/\/$/, '');
  if (full !== root && !full.startsWith(`${root}/`)) {
    throw new DataError(`'${written}' is outside the workspace (${root}); Model Lab reads only files inside it`, written);
  }
  return full;
}

const inside = (full: string, root: string): boolean => full === root || full.startsWith(`${root.replace(/\/$/, '')}/`);

/**
 * The one check every file read goes through: the path as written resolved lexically (resolveDataPath),
 * then the file and the workspace root both resolved through symbolic links, so a link inside the
 * workspace to /etc/passwd or to a folder elsewhere is refused, and a link that stays inside works.
 * Returns the lexical path (what the person wrote; the host follows the link when it reads).
 */
export async function resolveInside(host: Pick<DataHost, 'realPath'>, loc: DataLocation, written: string): Promise<string> {
  const full = resolveDataPath(loc, written);
  if (!host.realPath) return full;
  const real = async (p: string): Promise<string | null> => {
    try {
      return normalizePath(await host.realPath!(p));
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return null; // missing: the read says so in its own words
      throw e;
    }
  };
  const root = (await real(loc.workspace)) ?? normalizePath(loc.workspace);
  const target = await real(full);
  if (target !== null && !inside(target, root)) {
    throw new DataError(
      `'${written}' points to ${target} through a symbolic link, outside the workspace (${root}); Model Lab reads only files inside it`,
      written,
    );
  }
  return full;
}

/** Reads a file through the host, turning "missing" into a DataError that names the path as written. */
export async function readData(host: DataHost, loc: DataLocation, written: string): Promise<Uint8Array> {
  const path = await resolveInside(host, loc, written);
  try {
    return await host.readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : e instanceof Error ? e.message : String(e);
    throw new DataError(`cannot read '${written}': ${why}`, written);
  }
}

/** gzip's magic number: 1f 8b. */
export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
