import type { Client } from '@elastic/elasticsearch';
import type { HealthCheckResult } from '@tessera/module-sdk';

/** Readiness of the cluster: green or yellow (replicas missing, every shard served) is up; red is down. */
export async function elasticsearchHealth(client: Client): Promise<HealthCheckResult> {
  const health = await client.cluster.health({ timeout: '2s' });
  return { status: health.status === 'red' ? 'down' : 'up', details: { status: health.status, cluster: health.cluster_name } };
}
