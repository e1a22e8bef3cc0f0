import 'reflect-metadata';
import { builtinModules } from '@tessera/builtin-modules';
import { runWorker } from '@tessera/kernel';

void runWorker({ modules: builtinModules });
