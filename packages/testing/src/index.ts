export { connectHttp, connectInProcess, connectSse, type FetchTarget, type InProcessClientOptions, type ProtocolGeneration } from './in-process-client.js';
export { connectV1, connectV1Sse, type V1Client } from './v1-client.js';
export { type FakeUpstream, type RecordedRequest, startFakeUpstream } from './fake-upstream.js';
export {
  conformanceCli,
  type ConformanceOptions,
  type ConformanceResult,
  ensureNode22,
  NODE22_PACKAGE,
  parseConformanceOutput,
  runConformance,
} from './conformance.js';
export { hexId, type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './otlp-receiver.js';
export { callTool, errorCodeOf, textOf, type ToolResult, type TypedToolResult } from './tool-results.js';
export {
  type Closable,
  type Env,
  type HealthBody,
  type HealthComponent,
  healthOf,
  type ServiceHarness,
  type ServiceOverHttp,
  type StartServiceHarnessOptions,
  startServiceHarness,
  startServiceWithFakeUpstream,
  type TestableService,
  withService,
} from './service-harness.js';
export {
  expectMetric,
  expectServing,
  type MetricExpectation,
  serviceOverHttpSuite,
  type ServiceOverHttpSuiteOptions,
  type ServingExpectations,
  withHttpClient,
} from './http-suite.js';
export {
  type AnnotationsCase,
  type ContractHarness,
  type HealthyCase,
  type InvalidSettingCase,
  type MissingConfigCase,
  type ReadOnlyCase,
  serviceContractSuite,
  type ServiceContractOptions,
  type ToolProbe,
  type UnreachableCase,
} from './contract-suite.js';
export { type ToolContractOptions, toolContractSnapshots } from './tool-contracts.js';
export { createTestPki, leaf, type Pem, type TestPki } from './test-pki.js';
