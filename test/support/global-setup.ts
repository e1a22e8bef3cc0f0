export { setupTestServices as default } from '@tessera/module-sdk/testing/setup';
