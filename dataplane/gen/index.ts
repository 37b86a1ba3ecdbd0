export { generate, GEN_EPOCH, type GenOptions, type GenResult } from './generate.js';
export { PROFILES, profileByName, type FloodTarget, type Profile } from './profiles.js';
export { Prng } from './prng.js';
