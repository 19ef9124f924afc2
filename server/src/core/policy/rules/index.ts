import { Rule } from '../rule';
import { cleartextLogon } from './cleartextLogon';
import { disallowedLogonType } from './disallowedLogonType';
import { externalDomain } from './externalDomain';
import { forbiddenAccountLogon } from './forbiddenAccountLogon';
import { highValueAccountLogon } from './highValueAccountLogon';
import { logonOutsideHours } from './logonOutsideHours';
import { ntlmV1 } from './ntlmV1';
import { ntlmWeakKey } from './ntlmWeakKey';
import { orphanLogoff } from './orphanLogoff';
import { privilegedBatchServiceLogon } from './privilegedBatchServiceLogon';
import { remoteLogonWithoutRestrictedAdmin } from './remoteLogonWithoutRestrictedAdmin';
import { unexpectedPrivileges } from './unexpectedPrivileges';
import { unexpectedSource } from './unexpectedSource';

/** Every policy rule, one module each. */
export const POLICY_RULES: readonly Rule[] = [
  privilegedBatchServiceLogon,
  cleartextLogon,
  ntlmV1,
  ntlmWeakKey,
  highValueAccountLogon,
  forbiddenAccountLogon,
  disallowedLogonType,
  logonOutsideHours,
  unexpectedSource,
  externalDomain,
  remoteLogonWithoutRestrictedAdmin,
  unexpectedPrivileges,
  orphanLogoff,
];
