import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Where a rule's documentation page is: docs/rules/<id>.md, shipped beside dist/. A file URI works
 * offline and always matches the installed version.
 */
export function ruleDocsUri(ruleId: string): string {
  return pathToFileURL(path.join(__dirname, '..', 'docs', 'rules', `${ruleId}.md`)).toString();
}
