import { describeSearchContract, startContractPlatform } from '../testing';

// Needs a real cluster (there is none on CI machines): ELASTICSEARCH_URL=http://127.0.0.1:9200 npx jest ...
const url = process.env.ELASTICSEARCH_URL;

describeSearchContract('elasticsearch', () => startContractPlatform({ elasticsearchUrl: url }), {
  skip: url ? undefined : 'ELASTICSEARCH_URL is not set',
});
