import 'reflect-metadata';
import { builtinModules } from '@tessera/builtin-modules';
import { runCli } from '@tessera/kernel';

void runCli({ modules: builtinModules, argv: process.argv.slice(2) }).then((code) => process.exit(code));
