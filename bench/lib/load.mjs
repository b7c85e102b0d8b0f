/** autocannon, driven from the parent process (the servers run in their own processes). */
import autocannon from 'autocannon';

const ID_PLACEHOLDER = '"[<id>]"';
let nextId = 1;

/**
 * POSTs the template to `url` over `connections` keep-alive connections for
 * `warmupS + seconds`, and measures the last `seconds` only: the warm-up
 * opens the connections and warms the JIT, and its requests are not counted.
 * (Opening 100 connections at once on a server whose CPU is saturated leaves
 * some of the first requests waiting for seconds — a start-up transient of any
 * Node server at saturation, see bench/README.md — so measuring on fresh
 * connections would report that burst rather than the steady state; it is
 * reported separately as `startBurst`.)
 *
 * Every request gets its own numeric JSON-RPC id (a session must never see an
 * id twice, and requests in flight must not share one). autocannon's own
 * `idReplacement` is not used: with hyperid 3.3 it computes a wrong
 * Content-Length and every request hangs.
 */
export function load(url, template, { connections = 100, seconds = 10, warmupS = 0, timeoutS = 10, onWindow } = {}) {
  const [pre, post] = template.body.split(ID_PLACEHOLDER);
  if (post === undefined) throw new Error('the template body has no "[<id>]" placeholder');
  const { pathname, search } = new URL(url);
  const latencies = [];
  let completed = 0;
  let non2xx = 0;
  let burstOver1s = 0;
  let burstMax = 0;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const measureFrom = started + warmupS * 1000;
    // autocannon stops at its next 1 s tick after `duration`: the window is fixed here, not by its stop.
    const measureTo = measureFrom + seconds * 1000;
    // Marks the measured window for the caller (e.g. to read the server's CPU time at its edges).
    const windowTimers = onWindow
      ? [setTimeout(() => onWindow('start'), measureFrom - performance.now()), setTimeout(() => onWindow('end'), measureTo - performance.now())]
      : [];
    const instance = autocannon(
      {
        url,
        connections,
        pipelining: 1,
        duration: warmupS + seconds,
        timeout: timeoutS,
        requests: [
          {
            method: 'POST',
            path: pathname + search,
            headers: template.headers,
            setupRequest: (req) => {
              req.body = pre + nextId++ + post;
              return req;
            },
          },
        ],
      },
      (error, r) => {
        for (const timer of windowTimers) clearTimeout(timer);
        if (error) return reject(error);
        latencies.sort((a, b) => a - b);
        const pct = (p) => (latencies.length ? round2(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]) : undefined);
        const windowS = Math.max(0.001, (Math.min(performance.now(), measureTo) - measureFrom) / 1000);
        const result = {
          connections,
          warmupS,
          seconds: round2(windowS),
          requests: completed,
          rps: completed / windowS,
          latency: {
            p50: pct(50),
            p90: pct(90),
            p99: pct(99),
            max: latencies.length ? round2(latencies[latencies.length - 1]) : undefined,
            mean: latencies.length ? round2(latencies.reduce((a, b) => a + b, 0) / latencies.length) : undefined,
          },
          non2xx,
          // Whole run, warm-up included: any error at all shows.
          errors: r.errors,
          timeouts: r.timeouts,
          non2xxWholeRun: r.non2xx,
          requestsWholeRun: r.requests.total,
          startBurst: { over1s: burstOver1s, maxMs: round2(burstMax) },
        };
        // The sorted latencies, for pooling rounds; not enumerable, so not written to the JSON.
        Object.defineProperty(result, 'latencies', { value: latencies, enumerable: false });
        resolve(result);
      },
    );
    // Throughput: responses completed in the window. Latency: requests sent in the window.
    instance.on('response', (_client, status, _bytes, responseTime) => {
      const now = performance.now();
      if (now >= measureFrom && now <= measureTo) {
        completed += 1;
        if (status < 200 || status > 299) non2xx += 1;
      }
      const sentAt = now - responseTime;
      if (sentAt >= measureFrom) {
        if (sentAt <= measureTo) latencies.push(responseTime);
      } else {
        if (responseTime > 1000) burstOver1s += 1;
        burstMax = Math.max(burstMax, responseTime);
      }
    });
  });
}

/** Several rounds of the same target as one figure: requests over total time, percentiles of all latencies. */
export function combineRounds(rounds) {
  const latencies = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const pct = (p) => (latencies.length ? round2(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]) : undefined);
  const sum = (f) => rounds.reduce((acc, r) => acc + f(r), 0);
  const seconds = sum((r) => r.seconds);
  return {
    connections: rounds[0].connections,
    warmupS: rounds[0].warmupS,
    seconds: round2(seconds),
    requests: sum((r) => r.requests),
    rps: sum((r) => r.requests) / seconds,
    rpsByRound: rounds.map((r) => Math.round(r.rps)),
    ...(rounds.every((r) => r.cpuMsPerRequest !== undefined) && {
      cpuMsPerRequest: sum((r) => r.cpuMsPerRequest * r.requests) / sum((r) => r.requests),
    }),
    latency: {
      p50: pct(50),
      p90: pct(90),
      p99: pct(99),
      max: latencies.length ? round2(latencies[latencies.length - 1]) : undefined,
      mean: latencies.length ? round2(latencies.reduce((a, b) => a + b, 0) / latencies.length) : undefined,
    },
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xxWholeRun: sum((r) => r.non2xxWholeRun),
    requestsWholeRun: sum((r) => r.requestsWholeRun),
    startBurst: { over1s: sum((r) => r.startBurst.over1s), maxMs: Math.max(...rounds.map((r) => r.startBurst.maxMs)) },
  };
}

function round2(v) {
  return Math.round(v * 100) / 100;
}
