/** The run's figures as Markdown: the throughput table, ratios, and each goal of the issue met or not. */

const GOALS = {
  aOverD: 0.4,
  aOverB: 3,
  aOverC: 1.5,
  p99Ms: 50,
  idleRssMiB: 60,
  coldStartMs: 300,
  blocksOverInline: 1.1,
  // Issue 5 (the gateway).
  hOverA: 0.7,
  addedP50Ms: 1,
  hOverI: 2,
  toolsListMs: 20,
};

const n0 = (v) => (v === undefined || Number.isNaN(v) ? '–' : Math.round(v).toLocaleString('en-US'));
const n1 = (v) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(1));
const n2 = (v) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(2));
const met = (ok) => (ok === undefined ? 'not measured' : ok ? '**met**' : '**not met**');

export function formatReport(r) {
  const t = r.targets;
  const lines = [];
  lines.push(`### Run of ${r.date}`);
  lines.push('');
  lines.push(
    `Machine: ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memGiB} GiB, Node ${r.machine.node}; load average before ${r.machine.loadavg.map(n2).join(' ')}, after ${r.machine.loadavgAfter.map(n2).join(' ')}.`,
  );
  lines.push(
    `Settings: ${r.config.connections} connections per target; ${r.config.seconds} s measured per target in ${r.config.rounds} round(s) (order reversed every other round), each round a fresh process with a ${r.config.warmup} s warm-up on the same connections${r.config.quick ? ' (quick mode)' : ''}. req/s: all rounds' responses over their total time; latency: all rounds' requests. Errors, timeouts: whole runs, warm-ups included. Last column: the requests sent in the warm-ups as the connections opened.`,
  );
  lines.push('');
  lines.push(
    '| target | req/s | by round | p50 ms | p99 ms | max ms | requests | errors | timeouts | non-2xx | warm-up burst: max ms, n > 1 s | server CPU ms / request |',
  );
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']) {
    const e = t[key];
    if (!e?.load) continue;
    const l = e.load;
    lines.push(
      `| ${e.label} | ${n0(l.rps)} | ${l.rpsByRound.map(n0).join(' / ')} | ${n1(l.latency.p50)} | ${n1(l.latency.p99)} | ${n0(l.latency.max)} | ${n0(l.requests)} | ${l.errors} | ${l.timeouts} | ${l.non2xx} | ${n0(l.startBurst.maxMs)}, ${l.startBurst.over1s} | ${n2(l.cpuMsPerRequest)} |`,
    );
  }
  lines.push('');

  const rps = (k) => t[k]?.load?.rps;
  const ratio = (x, y) => (rps(x) && rps(y) ? rps(x) / rps(y) : undefined);
  const aOverD = ratio('a', 'd');
  const aOverB = ratio('a', 'b');
  const aOverC = ratio('a', 'c');
  const ratios = [`a/d = ${n2(aOverD)}`, `a/b = ${n2(aOverB)}`, `a/c = ${n2(aOverC)}`];
  if (rps('b') && rps('d')) ratios.push(`b/d = ${n2(ratio('b', 'd'))}`);
  if (rps('c') && rps('d')) ratios.push(`c/d = ${n2(ratio('c', 'd'))}`);
  if (rps('e') && rps('d')) ratios.push(`e/d = ${n2(ratio('e', 'd'))}`);
  if (rps('a') && rps('e')) ratios.push(`a/e = ${n2(ratio('a', 'e'))}`);
  if (rps('h') && rps('a')) ratios.push(`h/a (gateway hop) = ${n2(ratio('h', 'a'))}`);
  if (rps('h') && rps('i')) ratios.push(`h/i (gateway vs mcp-proxy) = ${n2(ratio('h', 'i'))}`);
  if (rps('i') && rps('a')) ratios.push(`i/a = ${n2(ratio('i', 'a'))}`);
  if (rps('f') && rps('d')) ratios.push(`f/d = ${n2(ratio('f', 'd'))}`);
  if (rps('g') && rps('d')) ratios.push(`g/d = ${n2(ratio('g', 'd'))}`);
  lines.push(`Ratios of req/s: ${ratios.join(', ')}.`);
  lines.push('');

  lines.push(...gatewaySection(r));

  const a = t.a ?? {};
  const many = a.many;
  const large = r.large;
  const cold = r.coldStart;
  const p99 = a.load?.latency.p99;
  lines.push('| goal | figure | |');
  lines.push('| --- | --- | --- |');
  lines.push(
    `| (a) ≥ 40% of (d) | ${aOverD === undefined ? '–' : `${n1(aOverD * 100)}%`} | ${met(aOverD === undefined ? undefined : aOverD >= GOALS.aOverD)} |`,
  );
  lines.push(`| (a) ≥ 3× (b) | ${aOverB === undefined ? '–' : `${n2(aOverB)}×`} | ${met(aOverB === undefined ? undefined : aOverB >= GOALS.aOverB)} |`);
  lines.push(`| (a) ≥ 1.5× (c) | ${aOverC === undefined ? '–' : `${n2(aOverC)}×`} | ${met(aOverC === undefined ? undefined : aOverC >= GOALS.aOverC)} |`);
  lines.push(`| p99 of (a) ≤ 50 ms at ${r.config.connections} connections | ${n1(p99)} ms | ${met(p99 === undefined ? undefined : p99 <= GOALS.p99Ms)} |`);
  lines.push(`| idle RSS of (a) ≤ 60 MiB | ${n1(a.idleRssMiB)} MiB | ${met(a.idleRssMiB === undefined ? undefined : a.idleRssMiB <= GOALS.idleRssMiB)} |`);
  lines.push(
    `| cold start to ready ≤ 300 ms | median ${n0(cold?.medianMs)} ms of ${cold?.runsMs?.length ?? 0} (${cold?.runsMs?.map(n0).join(', ') ?? '–'}) | ${met(cold ? cold.medianMs <= GOALS.coldStartMs : undefined)} |`,
  );
  if (many?.skipped) lines.push(`| 1,000 concurrent clients, no error | skipped: ${many.skipped} | not measured |`);
  else {
    const bad = many ? many.errors + many.timeouts + many.non2xx : undefined;
    lines.push(
      `| 1,000 concurrent clients, no error | ${many ? `${n0(many.requests)} requests in ${many.seconds} s (${n0(many.rps)} req/s, p50 ${n0(many.latency.p50)} ms, p99 ${n0(many.latency.p99)} ms, max ${n0(many.latency.max)} ms): ${many.errors} errors, ${many.timeouts} timeouts, ${many.non2xx} non-2xx` : '–'} | ${met(bad === undefined ? undefined : bad === 0 && many.requests > 0)} |`,
    );
  }
  lines.push(
    `| 50 MB through blocks within 10% of inline | ${large ? `blocks ${n0(large.blocksMs)} ms vs inline ${n0(large.inlineMs)} ms: ratio ${n2(large.ratio)}` : '–'} | ${met(large ? large.ratio <= GOALS.blocksOverInline : undefined)} |`,
  );
  lines.push('');
  if (a.metrics) {
    lines.push(
      `(a)'s /metrics counted echo calls by outcome: ${JSON.stringify(a.metrics.echoCalls)}; autocannon received ${n0(a.metrics.autocannonResponses)} responses (warm-up included) and the setup made ${a.metrics.setupCalls} calls — the rest were in flight when autocannon stopped.`,
    );
  }
  if (t.g?.otlp) lines.push(`(g)'s sink received ${t.g.otlp.batches} OTLP span batches (${n1(t.g.otlp.bytes / 2 ** 20)} MiB).`);
  if (a.load)
    lines.push(`(a) RSS: ${n1(a.idleRssMiB)} MiB idle after start, ${n1(a.rssAfterMiB)} MiB after the 100-connection run, peak ${n1(a.peakRssMiB)} MiB.`);
  if (large) {
    lines.push(
      `50 MB (${large.bytes} bytes, median of ${large.reps}): blocks ${n0(large.blocksMs)} ms (${large.blockCount} blocks, ${n1(large.blocksWireBytes / 2 ** 20)} MiB on the wire), 4 blocks at a time ${n0(large.blocksParallelMs)} ms, inline ${n0(large.inlineMs)} ms (${n1(large.inlineWireBytes / 2 ** 20)} MiB on the wire: the text rendering and structuredContent each carry the payload). Peak RSS: blocks server ${n0(large.blocksServerPeakRssMiB)} MiB, inline server ${n0(large.inlineServerPeakRssMiB)} MiB.`,
    );
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}

/** Issue 5: the gateway hop against the direct service and mcp-proxy, at 100 connections and at 1, and tools/list across many backends. */
function gatewaySection(r) {
  const t = r.targets;
  const lines = [];
  const low = ['a', 'h', 'i'].filter((k) => t[k]?.lowLoad);
  if (low.length > 0) {
    lines.push('Over 1 connection (no queueing: the latency each hop adds), same processes, after the 100-connection load:');
    lines.push('');
    lines.push('| target | req/s | p50 ms | p90 ms | p99 ms | max ms | requests | errors |');
    lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const k of low) {
      const l = t[k].lowLoad;
      lines.push(
        `| ${t[k].label} | ${n0(l.rps)} | ${n2(l.latency.p50)} | ${n2(l.latency.p90)} | ${n2(l.latency.p99)} | ${n1(l.latency.max)} | ${n0(l.requests)} | ${l.errors + l.timeouts + l.non2xx} |`,
      );
    }
    lines.push('');
  }
  const h = t.h;
  if (!h?.load && !r.toolsList) return lines;
  const rps = (k) => t[k]?.load?.rps;
  const hOverA = rps('h') && rps('a') ? rps('h') / rps('a') : undefined;
  const hOverI = rps('h') && rps('i') ? rps('h') / rps('i') : undefined;
  const added = (field) => (t.h?.[field] && t.a?.[field] ? t.h[field].latency.p50 - t.a[field].latency.p50 : undefined);
  const added100 = added('load');
  const added1 = added('lowLoad');
  const tl = r.toolsList;
  lines.push('| gateway goal (issue 5) | figure | |');
  lines.push('| --- | --- | --- |');
  lines.push(
    `| (h) ≥ 70% of (a) at ${r.config.connections} connections | ${hOverA === undefined ? '–' : `${n1(hOverA * 100)}% (${n0(rps('h'))} vs ${n0(rps('a'))} req/s)`} | ${met(hOverA === undefined ? undefined : hOverA >= GOALS.hOverA)} |`,
  );
  lines.push(
    `| p50 added by the gateway ≤ 1 ms, 1 connection | ${added1 === undefined ? '–' : `${n2(added1)} ms (${n2(t.h.lowLoad.latency.p50)} − ${n2(t.a.lowLoad.latency.p50)})`} | ${met(added1 === undefined ? undefined : added1 <= GOALS.addedP50Ms)} |`,
  );
  lines.push(
    `| p50 added by the gateway ≤ 1 ms, ${r.config.connections} connections | ${added100 === undefined ? '–' : `${n1(added100)} ms (${n1(t.h.load.latency.p50)} − ${n1(t.a.load.latency.p50)})`} | ${met(added100 === undefined ? undefined : added100 <= GOALS.addedP50Ms)} |`,
  );
  const cpu = (k) => t[k]?.load?.cpuMsPerRequest;
  if (cpu('h') && cpu('a')) {
    lines.push(
      `| (diagnostic) server CPU per request, all processes of the target | (a) ${n2(cpu('a'))} ms, (h) ${n2(cpu('h'))} ms${cpu('i') ? `, (i) ${n2(cpu('i'))} ms` : ''}: the hop costs ${n2(cpu('h') - cpu('a'))} ms; (a)/(h) = ${n2(cpu('a') / cpu('h'))}${cpu('i') ? `, (i)/(h) = ${n2(cpu('i') / cpu('h'))}` : ''} | |`,
    );
  }
  lines.push(
    `| (h) ≥ 2× mcp-proxy (i) | ${hOverI === undefined ? '–' : `${n2(hOverI)}× (${n0(rps('h'))} vs ${n0(rps('i'))} req/s)`} | ${met(hOverI === undefined ? undefined : hOverI >= GOALS.hOverI)} |`,
  );
  lines.push(
    `| tools/list across ${tl?.backends ?? 38} backends < 20 ms, warm gateway | ${tl ? `p50 ${n2(tl.p50Ms)} ms, p95 ${n2(tl.p95Ms)} ms, max ${n1(tl.maxMs)} ms (${tl.calls} sequential calls, ${tl.tools} tools, ${n0(tl.bytes / 1024)} KiB)` : '–'} | ${met(tl ? tl.p95Ms < GOALS.toolsListMs : undefined)} |`,
  );
  lines.push('');
  return lines;
}
