/**
 * @tessera/search/testing — the contract every search backend passes, and a harness that runs it on a
 * real platform.
 */
export { describeSearchContract } from './search-contract';
export type { SearchContractHarness } from './search-contract';
export { startContractPlatform } from './contract-platform';
export { CONTRACT_COLLECTIONS, CONTRACT_MODULE, NOTES, PEOPLE } from './contract-collections';
