import { describeSearchContract, startContractPlatform } from '../testing';

// The default backend, on the test PostgreSQL: always runs.
describeSearchContract('postgres', () => startContractPlatform());
