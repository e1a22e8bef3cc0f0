/** How the platform reaches Elasticsearch (from the SEARCH_ELASTICSEARCH_* settings). */
export interface ElasticsearchSettings {
  readonly url: string;
  /** An API key (`id:key` base64, as Elasticsearch issues it); credentials in the URL work too. */
  readonly apiKey?: string;
  /** Prefix of every index name, so deployments can share a cluster. */
  readonly indexPrefix: string;
  /** `wait_for`: a write returns once searches see it (tests, small volumes); `false`: within the refresh interval (~1 s). */
  readonly refresh: 'wait_for' | 'false';
  readonly requestTimeoutMs: number;
}
