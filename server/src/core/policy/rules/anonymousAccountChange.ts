import { accountLabel } from '../account';
import { dataField, dataValue } from '../../parse/model';
import { Rule } from '../rule';

const WHAT: Record<number, string> = {
  4742: 'changed the computer account',
  4738: 'changed the user account',
  4724: 'reset the password of',
};

/**
 * An account changed by ANONYMOUS LOGON (S-1-5-7): no authenticated user can do that. Zerologon
 * (CVE-2020-1472) resets a domain controller's own machine password over an unauthenticated
 * Netlogon session, which is logged as a 4742 by ANONYMOUS LOGON.
 */
export const anonymousAccountChange: Rule = {
  id: 'anonymous-account-change',
  defaultSeverity: 'error',
  summary: 'An account changed, or its password reset, by ANONYMOUS LOGON: the signature of Zerologon.',
  events: [4742, 4738, 4724],
  check(event) {
    const { record } = event.event;
    const subject = dataField(record, 'SubjectUserSid');
    const anonymous = subject?.value.trim().toUpperCase() === 'S-1-5-7' || dataValue(record, 'SubjectUserName')?.toUpperCase() === 'ANONYMOUS LOGON';
    if (!anonymous) return undefined;
    const field = subject ?? dataField(record, 'SubjectUserName')!;
    const target = { user: dataValue(record, 'TargetUserName'), domain: dataValue(record, 'TargetDomainName'), sid: dataValue(record, 'TargetSid') };
    const zerologon = event.facts.eventId === 4742 ? ' This is the signature of Zerologon (CVE-2020-1472): an unauthenticated Netlogon session resetting a domain controller\'s machine password. Check that the DC is patched and reset its password twice.' : ' No authenticated user made this change.';
    return { field, account: target, message: `ANONYMOUS LOGON ${WHAT[event.facts.eventId]} ${accountLabel(target)} (${event.facts.eventId}).${zerologon}` };
  },
};
