import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { readEnvironment } from '@tessera/config';
import { RequestContext, type ModuleCommand, type ModuleCommandOption, type ModuleDefinition } from '@tessera/module-sdk';
import { createPlatform } from '../bootstrap/create-platform';
import { prepareModules } from '../bootstrap/prepare-modules';
import { ModuleContexts } from '../registry/module-contexts';
import { KERNEL_COMMANDS } from './kernel-commands';

type Options = Record<string, string | boolean | undefined>;

function usage(commands: ReadonlyArray<{ name: string; description: string; options?: Readonly<Record<string, ModuleCommandOption>> }>): string {
  const lines = ['Usage: tessera <command> [--option value]', '', 'Commands:'];
  for (const command of commands) {
    lines.push(`  ${command.name.padEnd(28)} ${command.description}`);
    for (const [name, option] of Object.entries(command.options ?? {})) {
      lines.push(`      --${name}${option.type === 'string' ? ' <value>' : ''}${option.required ? ' (required)' : ''}  ${option.description}`);
    }
  }
  return lines.join('\n');
}

function parseOptions(argv: readonly string[], declared: Readonly<Record<string, ModuleCommandOption>> = {}): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.entries(declared).map(([name, option]) => [name, { type: option.type }])),
    strict: true,
    allowPositionals: false,
  });
  const missing = Object.entries(declared).filter(([name, option]) => option.required && values[name] === undefined);
  if (missing.length > 0) throw new UsageError(`Missing required option${missing.length > 1 ? 's' : ''}: ${missing.map(([n]) => `--${n}`).join(', ')}`);
  return values as Options;
}

class UsageError extends Error {}

async function runModuleCommand(builtIns: readonly ModuleDefinition[], owner: ModuleDefinition, command: ModuleCommand, options: Options): Promise<string> {
  const platform = await createPlatform({ role: 'cli', modules: builtIns, env: { ...readEnvironment(), LOG_LEVEL: 'warn' } });
  try {
    const context = platform.app.get(ModuleContexts).of(platform.registry.get(owner.name)!);
    const output = await RequestContext.run({ requestId: `cli-${randomUUID()}`, source: 'cli' }, () => command.run(context, options));
    return output ?? 'done.';
  } finally {
    await platform.close('cli');
  }
}

/**
 * The platform CLI: kernel commands (migrate, modules:list, db:provision, audit:verify) and every
 * command the loaded modules declare. Exit codes: 0 done, 1 failed, 2 usage error.
 */
export async function runCli(options: { modules: readonly ModuleDefinition[]; argv: readonly string[] }): Promise<number> {
  const [name, ...rest] = options.argv;
  let moduleCommands: Array<{ owner: ModuleDefinition; command: ModuleCommand }> = [];
  try {
    moduleCommands = prepareModules(options.modules, readEnvironment()).order.flatMap(({ definition }) =>
      (definition.commands ?? []).map((command) => ({ owner: definition, command: command as ModuleCommand })),
    );
  } catch {
    // Listing module commands needs a valid module set; kernel commands still work and report the problem.
  }
  const all = [...KERNEL_COMMANDS, ...moduleCommands.map(({ command }) => command)];
  if (!name || name === 'help' || name === '--help') {
    process.stdout.write(`${usage(all)}\n`);
    return name ? 0 : 2;
  }
  try {
    const kernel = KERNEL_COMMANDS.find((c) => c.name === name);
    const contributed = moduleCommands.find(({ command }) => command.name === name);
    if (!kernel && !contributed) throw new UsageError(`Unknown command "${name}". Run "help" to list commands.`);
    const parsed = parseOptions(rest, (kernel ?? contributed!.command).options);
    const output = kernel ? await kernel.run(parsed, options.modules) : await runModuleCommand(options.modules, contributed!.owner, contributed!.command, parsed);
    process.stdout.write(`${output}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  }
}
