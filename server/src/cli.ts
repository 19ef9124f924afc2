import { check, CHECK_HELP } from './cli/commands/check';
import { CliContext } from './cli/commands/context';
import { explain, EXPLAIN_HELP } from './cli/commands/explain';
import { sessions, SESSIONS_HELP } from './cli/commands/sessions';
import { xml, XML_HELP } from './cli/commands/xml';
import { EXIT, installExitHandlers } from './cli/exit';
import { UsageError } from './cli/usageError';
import { installNativeCrc32 } from './nativeCrc32';

/**
 * The command-line face: the same core as the editor, for pipelines, servers and people without
 * VS Code. Exit codes (cli/exit.ts): 0 clean, 1 findings at or above --fail-on, 2 usage or input
 * error, 3 internal error; a crash never exits 1, which means findings.
 */

const VERSION = PACKAGE_VERSION;
const USAGE = `Usage: logon-lens <command> [options]

Commands:
  check <files or folders…>      diagnostics, as in the editor (text, JSON or SARIF); .xml and .evtx
  sessions <files or folders…>   the logon sessions, correlated across files (text, JSON or CSV)
  xml <FILE.evtx> [-o FILE.xml]  a binary event log's events as event XML, as wevtutil prints them
  explain <value>                what a logon type, SID, event ID, %% code, status or Logon ID means

Run 'logon-lens <command> --help' for a command's options. 'logon-lens --version' prints the version.`;

const COMMANDS = {
  check: { run: check, help: CHECK_HELP },
  sessions: { run: sessions, help: SESSIONS_HELP },
  xml: { run: xml, help: XML_HELP },
  explain: { run: explain, help: EXPLAIN_HELP },
} as const;

async function main(argv: string[]): Promise<number> {
  installNativeCrc32();
  const context: CliContext = {
    out: text => process.stdout.write(text),
    outBytes: bytes => new Promise(resolve => (process.stdout.write(bytes) ? resolve() : process.stdout.once('drain', resolve))),
    warn: message => process.stderr.write(`${message}\n`),
    progress: process.stderr,
    colour: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
    outIsTerminal: process.stdout.isTTY === true,
    version: VERSION,
  };
  const [name, ...args] = argv;
  if (argv.includes('--version') || argv.includes('-v')) return void context.out(`${VERSION}\n`), 0;
  if (name === '--help' || name === '-h' || name === 'help') return void context.out(`${USAGE}\n`), 0;
  if (name === undefined) {
    context.warn(`logon-lens: name a command.\n\n${USAGE}`);
    return 2;
  }
  const command = COMMANDS[name as keyof typeof COMMANDS];
  if (command === undefined) {
    context.warn(`logon-lens: unknown command '${name}'.\n\n${USAGE}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) return void context.out(`${command.help}\n`), 0;
  try {
    return await command.run(args, context);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    context.warn(`logon-lens ${name}: ${error.message}`);
    return EXIT.usage;
  }
}

installExitHandlers();
main(process.argv.slice(2)).then(
  code => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`logon-lens: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\nThis is a bug in Logon Lens, not a finding; please report it (see SECURITY.md).\n`);
    process.exitCode = EXIT.internal;
  },
);
