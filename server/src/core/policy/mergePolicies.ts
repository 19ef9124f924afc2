import { Policy } from './policy';

/** The user's settings as the base, the workspace file over them: whole keys, but rules one by one. */
export function mergePolicies(base: Policy, override: Policy | undefined): Policy {
  if (override === undefined) return base;
  return { ...base, ...override, rules: { ...base.rules, ...override.rules } };
}
