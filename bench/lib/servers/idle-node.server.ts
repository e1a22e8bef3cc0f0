import type { ServerFactory } from './server-contract';

/** Nothing at all: the memory of a Node process with the bench's loader, the floor under every other figure. */
export const startIdleNode: ServerFactory = async () => ({ targets: {}, close: async () => undefined });
