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
