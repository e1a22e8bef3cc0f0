/** The process's root pino logger. */
export const ROOT_LOGGER = Symbol.for('tessera.root-logger');
