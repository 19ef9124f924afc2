import { Rule } from '../rule';
import { anonymousAccountChange } from './anonymousAccountChange';
import { asrepRoasting } from './asrepRoasting';
import { cleartextLogon } from './cleartextLogon';
import { disallowedLogonType } from './disallowedLogonType';
import { explicitCredentials } from './explicitCredentials';
import { externalDomain } from './externalDomain';
import { forbiddenAccountLogon } from './forbiddenAccountLogon';
import { highValueAccountLogon } from './highValueAccountLogon';
import { kerberoasting } from './kerberoasting';
import { logCleared } from './logCleared';
import { logonOutsideHours } from './logonOutsideHours';
import { loopbackLogon } from './loopbackLogon';
import { newCredentialsLogon } from './newCredentialsLogon';
import { ntlmV1 } from './ntlmV1';
import { ntlmWeakKey } from './ntlmWeakKey';
import { orphanLogoff } from './orphanLogoff';
import { privilegedBatchServiceLogon } from './privilegedBatchServiceLogon';
import { remoteLogonWithoutRestrictedAdmin } from './remoteLogonWithoutRestrictedAdmin';
import { unexpectedPrivileges } from './unexpectedPrivileges';
import { unexpectedSource } from './unexpectedSource';

/** Every policy rule, one module each: Microsoft's monitoring recommendations, then attack detections. */
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
  // Attack detections: one event each.
  newCredentialsLogon,
  loopbackLogon,
  anonymousAccountChange,
  kerberoasting,
  asrepRoasting,
  logCleared,
  explicitCredentials,
];
