import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PolicyFile } from './core/features/policyCodeActions';
import { decodeBytes } from './core/parse/decodeBytes';
import { Problem } from './core/parse/model';
import { Policy } from './core/policy/policy';
import { readPolicy } from './core/policy/readPolicy';

/** Where a workspace folder's policy file may be, in order. */
const CANDIDATES = ['logon-policy.json', path.join('.vscode', 'logon-policy.json')];

/**
 * The workspace's logon-policy.json: found at the root of the first workspace folder or in its
 * .vscode/, read again when it changes, and applied only in a trusted workspace. A broken file is
 * reported in the file, and the last good policy stays in force.
 */
export class PolicyFiles {
  private found: { uri: string; text: string } | undefined;
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
    const previous = this.found;
    this.found = undefined;
    for (const folder of this.folders.slice(0, 1)) {
      for (const candidate of CANDIDATES) {
        const file = path.join(folder, candidate);
        try {
          this.found = { uri: pathToFileURL(file).toString(), text: decodeBytes(await fs.readFile(file)) };
          break;
        } catch {
          // not there: try the next place
        }
      }
    }
    if (previous !== undefined && previous.uri !== this.found?.uri) this.publish(previous.uri, previous.text, []);
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

  /** The file quick fixes edit: the one found, or a new one at the workspace root. */
  fileForFixes(): PolicyFile | undefined {
    if (this.found !== undefined) return this.found;
    const folder = this.folders[0];
    return folder === undefined ? undefined : { uri: pathToFileURL(path.join(folder, CANDIDATES[0]!)).toString(), text: undefined };
  }
}
