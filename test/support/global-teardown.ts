export { teardownTestServices as default } from '@tessera/module-sdk/testing/setup';
