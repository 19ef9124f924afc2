import { UsageError } from './usageError';

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

/**
 * Splits arguments into positional values, `--name value` options and `--flag` switches, refusing
 * anything the command does not know. `-` alone is a positional (standard input); after `--`,
 * everything is (`logon-lens explain -- -1`, a file named `-x`).
 */
export function parseArgs(args: readonly string[], withValue: readonly string[], switches: readonly string[], command: string): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], options: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      parsed.positional.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      parsed.positional.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (withValue.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value. See 'logon-lens ${command} --help'.`);
      parsed.options.set(name, value);
    } else if (switches.includes(name) && inline === undefined) {
      parsed.flags.add(name);
    } else {
      throw new UsageError(`unknown option '${arg}' for '${command}'. See 'logon-lens ${command} --help'.`);
    }
  }
  return parsed;
}

/** The value of an option that takes one of a few words. */
export function choice<T extends string>(parsed: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const value = parsed.options.get(name) ?? fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`${name} takes ${allowed.join(', ')}; got '${value}'.`);
  return value as T;
}
