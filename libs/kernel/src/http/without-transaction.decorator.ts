import { SetMetadata } from '@nestjs/common';

export const WITHOUT_TRANSACTION_METADATA = 'tessera:without-transaction';

/**
 * Kernel-internal: the platform's routes that never touch tenant data (probes, metrics, module list)
 * skip the per-request database transaction.
 */
export const WithoutTransaction = (): ClassDecorator => SetMetadata(WITHOUT_TRANSACTION_METADATA, true);
