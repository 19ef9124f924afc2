import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeBytes } from './core/parse/decodeBytes';
import { Problem } from './core/parse/model';
import { Policy } from './core/policy/policy';
import { readPolicy } from './core/policy/readPolicy';

/** Where a workspace folder's policy file may be, in order. */
const CANDIDATES = ['logon-policy.json', path.join('.vscode', 'logon-policy.json')];

/** Where quick fixes may write the policy, and why they may not. */
export type PolicyTarget = { uri: string; exists: boolean } | { refused: string };

/**
 * The workspace's logon-policy.json: found at the root of the first workspace folder or in its
 * .vscode/, read again when it changes, and applied only in a trusted workspace. A broken file is
 * reported in the file, and the last good policy stays in force. A policy file that is a link, or
 * that resolves outside the workspace folder, is neither read nor written: a workspace copied
 * from elsewhere must not choose what Logon Lens reads or overwrites.
 */
export class PolicyFiles {
  private found: { uri: string; text: string } | undefined;
  /** A candidate that was refused (a link), and why. */
  private refused: { uri: string; why: string } | undefined;
  private lastGood: Policy | undefined;
  private trusted = true;
  private folders: string[] = [];

  constructor(
    /** Shows problems in the policy file (an empty list clears them). */
    private readonly publish: (uri: string, text: string, problems: Problem[]) => void,
    private readonly tell: (message: string) => void,
  ) {}

  /** The workspace policy, when it may be applied. */
  get policy(): Policy | undefined {
    return this.trusted ? this.lastGood : undefined;
  }

  async load(folderUris: readonly string[], trusted: boolean): Promise<void> {
    this.folders = folderUris.filter(u => u.startsWith('file:')).map(u => fileURLToPath(u));
    this.trusted = trusted;
    const previous = this.found ?? this.refused;
    this.found = undefined;
    this.refused = undefined;
    for (const folder of this.folders.slice(0, 1)) {
      for (const candidate of CANDIDATES) {
        const file = path.join(folder, candidate);
        const where = await placeOf(folder, file);
        if (where === 'missing') continue;
        const uri = pathToFileURL(file).toString();
        if (where !== 'inside') {
          this.refused = { uri, why: where };
          break;
        }
        try {
          this.found = { uri, text: decodeBytes(await fs.readFile(file)) };
        } catch (error) {
          this.refused = { uri, why: `it could not be read (${(error as Error).message})` };
        }
        break;
      }
    }
    const current = this.found ?? this.refused;
    if (previous !== undefined && previous.uri !== current?.uri) this.publish(previous.uri, '', []);
    if (this.refused !== undefined) {
      this.lastGood = undefined;
      const message = `This policy file is not used: ${this.refused.why}. Logon Lens does not read or write through links, so a workspace cannot point it at files elsewhere. Replace the link with the file itself.`;
      this.publish(this.refused.uri, '', [{ start: 0, end: 0, code: 'policy-link', severity: 'warning', message }]);
      this.tell(`Logon Lens does not use ${path.basename(fileURLToPath(this.refused.uri))}: ${this.refused.why}.`);
      return;
    }
    if (this.found === undefined) {
      this.lastGood = undefined;
      return;
    }
    const { uri, text } = this.found;
    if (!trusted) {
      this.publish(uri, text, [{ start: 0, end: 1, code: 'policy-untrusted', severity: 'information', message: 'This policy is not applied: the workspace is not trusted. Trust the workspace to apply it; user settings (logonLens.policy) still apply.' }]);
      this.tell('Logon Lens does not apply logon-policy.json because this workspace is not trusted. Trust the workspace to apply it.');
      return;
    }
    const { policy, problems } = readPolicy(text);
    this.publish(uri, text, problems);
    if (policy !== undefined) this.lastGood = policy;
  }

  /** Whether a changed file is a policy file this class reads. */
  isPolicyFile(uri: string): boolean {
    return uri.startsWith('file:') && path.basename(fileURLToPath(uri)) === 'logon-policy.json';
  }

  /**
   * Where quick fixes write: the file found, or a new one at the workspace root. Never in an
   * untrusted workspace, and never through a link.
   */
  target(): PolicyTarget | undefined {
    if (!this.trusted) return { refused: 'the workspace is not trusted' };
    if (this.refused !== undefined) return { refused: this.refused.why };
    if (this.found !== undefined) return { uri: this.found.uri, exists: true };
    const folder = this.folders[0];
    return folder === undefined ? undefined : { uri: pathToFileURL(path.join(folder, CANDIDATES[0]!)).toString(), exists: false };
  }

  /** The policy file's text on disk now, for a file not open in the editor; undefined if it is gone. */
  async readNow(uri: string): Promise<string | undefined> {
    const file = fileURLToPath(uri);
    const folder = this.folders[0];
    if (folder === undefined || (await placeOf(folder, file)) !== 'inside') return undefined;
    try {
      return decodeBytes(await fs.readFile(file));
    } catch {
      return undefined;
    }
  }
}

/**
 * Whether `file` is a regular file inside `folder` with no link on the way: 'inside', 'missing',
 * or why it is refused.
 */
async function placeOf(folder: string, file: string): Promise<'inside' | 'missing' | string> {
  let stat;
  try {
    stat = await fs.lstat(file);
  } catch {
    return 'missing';
  }
  if (stat.isSymbolicLink()) {
    const target = await fs.readlink(file).catch(() => '?');
    return `it is a symbolic link (to ${target})`;
  }
  if (!stat.isFile()) return 'it is not a regular file';
  try {
    const real = await fs.realpath(file);
    const root = await fs.realpath(folder);
    const relative = path.relative(root, real);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return `it resolves outside the workspace folder (to ${real})`;
  } catch {
    return 'missing';
  }
  return 'inside';
}
