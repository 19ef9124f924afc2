import { accountLabel } from '../account';
import { dataField } from '../../parse/model';
import { Rule, targetAccount } from '../rule';

/** Account domains Windows itself uses: always known. */
const BUILT_IN_DOMAINS = ['nt authority', 'builtin', 'nt service', 'window manager', 'font driver host', 'nt virtual machine', 'iis apppool'];

export const externalDomain: Rule = {
  id: 'external-domain',
  defaultSeverity: 'warning',
  summary: 'A logon by an account of a domain not in the configured list of known domains.',
  events: [4624],
  check(event, { policy }) {
    const known = policy.knownDomains;
    if (known === undefined || known.length === 0) return undefined;
    const record = event.event.record;
    const account = targetAccount(record);
    const domain = account.domain?.toLowerCase();
    if (domain === undefined) return undefined;
    // A local account's domain is the computer's own name.
    const computer = record.system.Computer?.value.trim().toLowerCase().split('.')[0];
    if (domain === computer || BUILT_IN_DOMAINS.includes(domain) || known.some(d => d.toLowerCase() === domain)) return undefined;
    const at = dataField(record, 'TargetDomainName')!;
    return { field: at, account, message: `${accountLabel(account)} is from domain ${account.domain}, which is not in the list of known domains.` };
  },
};
