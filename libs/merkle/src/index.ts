export * from './merkle.js';
export {
  bytesEqual,
  consistencySteps,
  inclusionSteps,
  leafHashAsync,
  runAsync,
  runSync,
  verifyConsistencyAsync,
  verifyInclusionAsync,
  type AsyncSha256,
  type InclusionFailure,
  type InclusionResult,
  type Sha256,
} from './verify.js';
