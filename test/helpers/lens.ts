import { TextDocument } from 'vscode-languageserver-textdocument';
import { KnownFile } from '../../server/src/core/service/sessionModels';
import { createLogonLens, LogonLens, LogonLensHost } from '../../server/src/core/service/logonLens';
import { EMPTY_POLICY, Policy } from '../../server/src/core/policy/policy';

/** A language service over these texts, open as the editor would have them, as the server makes it. */
export function lensOver(texts: Iterable<[uri: string, text: string]>, options: Partial<Omit<LogonLensHost, 'policy'>> & { policy?: Policy } = {}): { lens: LogonLens; documents: TextDocument[] } {
  const documents = [...texts].map(([uri, text]) => TextDocument.create(uri, 'xml', 1, text));
  const policy = options.policy ?? EMPTY_POLICY;
  const lens = createLogonLens({
    openDocuments: () => documents,
    editsSince: () => undefined,
    caughtUp: () => undefined,
    knownFiles: () => new Map<string, KnownFile>(),
    reading: () => undefined,
    later: callback => setImmediate(callback),
    inlayHintOptions: () => ({ logonTypes: true, sids: true, logonIds: true }),
    docsUri: code => `file:///docs/rules/${code}.md`,
    formatLocalTime: ms => new Date(ms).toISOString(),
    ...options,
    policy: () => policy,
  });
  return { lens, documents };
}
