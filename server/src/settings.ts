import { OutlineGrouping } from './core/features/documentSymbols';
import { InlayHintOptions } from './core/features/inlayHints';
import { Policy } from './core/policy/policy';
import { checkPolicyValue, PolicyProblem } from './core/policy/readPolicy';
import { DEFAULT_INDEX_SETTINGS, IndexSettings } from './workspaceFiles';

/** The `logonLens.*` settings the server uses, with the defaults package.json declares. */
export interface Settings {
  index: IndexSettings;
  inlayHints: InlayHintOptions;
  /** Findings of one rule, account and computer in a file shown once, with the others related (`logonLens.diagnostics.groupRepeated`). */
  groupRepeated: boolean;
  /** Whose problems are published: the open documents only, or every event file of the workspace (`logonLens.diagnostics.scope`). */
  diagnosticsScope: 'workspace' | 'openFiles';
  /** How the outline groups an event document's events: not at all, by computer, or by computer and logon session (`logonLens.outline.groupBy`). */
  outlineGroupBy: OutlineGrouping;
  /** User-level policy defaults (`logonLens.policy`); the workspace's logon-policy.json goes over them. */
  policy: Policy;
  /** What is wrong with the `logonLens.policy` setting; with any error, none of it applies. */
  policyProblems: PolicyProblem[];
}

export const DEFAULT_SETTINGS: Settings = {
  index: DEFAULT_INDEX_SETTINGS,
  inlayHints: { logonTypes: true, sids: true, logonIds: true },
  groupRepeated: true,
  diagnosticsScope: 'workspace',
  outlineGroupBy: 'none',
  policy: {},
  policyProblems: [],
};

/** Reads the `logonLens` section as sent by the client, keeping defaults for anything missing or mistyped. */
export function readSettings(section: unknown): Settings {
  const s = (section ?? {}) as Record<string, unknown>;
  const index = (s.index ?? {}) as Record<string, unknown>;
  const hints = (s.inlayHints ?? {}) as Record<string, unknown>;
  const diagnostics = (s.diagnostics ?? {}) as Record<string, unknown>;
  const outline = (s.outline ?? {}) as Record<string, unknown>;
  const bool = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback);
  return {
    index: {
      include: typeof index.include === 'string' && index.include !== '' ? index.include : DEFAULT_INDEX_SETTINGS.include,
      exclude: Array.isArray(index.exclude) ? index.exclude.filter((p): p is string => typeof p === 'string') : DEFAULT_INDEX_SETTINGS.exclude,
      maxFileSizeMB: typeof index.maxFileSizeMB === 'number' && index.maxFileSizeMB > 0 ? index.maxFileSizeMB : DEFAULT_INDEX_SETTINGS.maxFileSizeMB,
    },
    inlayHints: {
      logonTypes: bool(hints.logonTypes, true),
      sids: bool(hints.sids, true),
      logonIds: bool(hints.logonIds, true),
    },
    groupRepeated: bool(diagnostics.groupRepeated, true),
    diagnosticsScope: diagnostics.scope === 'openFiles' ? 'openFiles' : 'workspace',
    outlineGroupBy: outline.groupBy === 'computer' || outline.groupBy === 'session' ? outline.groupBy : 'none',
    ...readPolicySetting(s.policy),
  };
}

/** The policy setting, through the same validator as the policy file. */
function readPolicySetting(value: unknown): Pick<Settings, 'policy' | 'policyProblems'> {
  const { policy, problems } = checkPolicyValue(value ?? {});
  return { policy: policy ?? {}, policyProblems: problems };
}
