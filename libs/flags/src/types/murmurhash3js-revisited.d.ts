// The package ships no types; this is the part of its API the rollout hash uses.
declare module 'murmurhash3js-revisited' {
  const murmurHash3: {
    /** When true (the default) every call re-checks that the input holds bytes; off for our encoded strings. */
    inputValidation: boolean;
    readonly x86: { hash32(bytes: Uint8Array, seed?: number): number };
  };
  export default murmurHash3;
}
