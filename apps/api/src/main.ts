import 'reflect-metadata';
import { builtinModules } from '@tessera/builtin-modules';
import { runApi } from '@tessera/kernel';

void runApi({ modules: builtinModules });
