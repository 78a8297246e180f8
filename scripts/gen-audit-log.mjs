// Writes a realistic kube-apiserver audit log (JSON lines, as the log backend writes them),
// deterministically from a seed: kubelets, controllers, the scheduler, kube-proxy, kubectl users,
// service accounts, watches (with ResponseStarted), subresources (status, binding, exec, log,
// token, scale), non-resource URLs, anonymous probes, failed authentication and rare panics.
// Events of concurrent requests interleave in time order, as in a real log.
//
//   node scripts/gen-audit-log.mjs (--events N | --bytes 200M|1G) [--seed S] [--out FILE] [--gzip]
//     [--level RequestResponse|Request|Metadata|mixed] [--omit-stages Stage,...] [--malformed-every K]
//
// --level is the level the log was written at (mixed: secrets, tokens and events at Metadata, the
// rest at RequestResponse); --omit-stages the stages the writing policy left out.
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { makeRandom, requestFor } from './gen-audit-log-requests.mjs';

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    bytes: { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    gzip: { type: 'boolean', default: false },
    level: { type: 'string', default: 'RequestResponse' },
    'omit-stages': { type: 'string', default: '' },
    'malformed-every': { type: 'string', default: '0' },
  },
});
const maxEvents = values.events === undefined ? Infinity : Number(values.events);
const maxBytes = values.bytes === undefined ? Infinity : parseSize(values.bytes);
if (maxEvents === Infinity && maxBytes === Infinity) usage('give --events N or --bytes SIZE');
if (!['RequestResponse', 'Request', 'Metadata', 'mixed'].includes(values.level)) usage(`unknown --level ${values.level}`);
const omitted = new Set(values['omit-stages'].split(',').filter(Boolean));
const malformedEvery = Number(values['malformed-every']);

const LEVEL_RANK = { None: 0, Metadata: 1, Request: 2, RequestResponse: 3 };
const random = makeRandom(Number(values.seed));
const START = Date.UTC(2026, 0, 1, 0, 0, 0);
const REQUESTS_PER_SECOND = 400;

const file = values.out ? createWriteStream(values.out) : process.stdout;
const sink = values.gzip ? createGzip() : file;
if (values.gzip) sink.pipe(file);

let written = 0;
let bytes = 0;
let buffered = [];
let bufferedBytes = 0;

/** A min-heap of pending events by time: the later stages of requests in flight. */
const pending = [];
let clock = START;
let sequence = 0;

async function main() {
  while (written < maxEvents && bytes < maxBytes) {
    clock += expInterval(1000 / REQUESTS_PER_SECOND);
    while (pending.length > 0 && pending[0].time <= clock && written < maxEvents && bytes < maxBytes) await emit(popPending().line);
    if (written >= maxEvents || bytes >= maxBytes) break;
    startRequest();
  }
  await flush(true);
}

function startRequest() {
  const r = requestFor(random);
  const level = values.level === 'mixed' ? (r.sensitive ? 'Metadata' : 'RequestResponse') : values.level;
  const auditID = uuid();
  const received = clock;
  const duration = r.longRunning ? 30000 + random() * 570000 : 2 + random() * (r.verb === 'list' ? 400 : 60);
  const panics = random() < 0.0002;
  const stages = [['RequestReceived', received]];
  if (r.longRunning) stages.push(['ResponseStarted', received + 1 + random() * 20]);
  stages.push([panics ? 'Panic' : 'ResponseComplete', received + duration]);
  for (const [stage, time] of stages) {
    if (omitted.has(stage)) continue;
    pushPending(time, eventLine(r, { level, auditID, stage, received, time, panics }));
  }
}

function eventLine(r, e) {
  const final = e.stage === 'ResponseComplete' || e.stage === 'Panic';
  const event = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: e.level,
    auditID: e.auditID,
    stage: e.stage,
    requestURI: r.uri,
    verb: r.verb,
    user: r.user,
    sourceIPs: [r.sourceIP],
    userAgent: r.userAgent,
  };
  if (r.objectRef) event.objectRef = r.objectRef;
  if (e.stage !== 'RequestReceived') event.responseStatus = e.panics ? { metadata: {}, status: 'Failure', code: 500 } : r.status;
  if (final && r.requestObject && LEVEL_RANK[e.level] >= LEVEL_RANK.Request) event.requestObject = r.requestObject;
  if (final && r.responseObject && LEVEL_RANK[e.level] >= LEVEL_RANK.RequestResponse) event.responseObject = r.responseObject;
  event.requestReceivedTimestamp = timestamp(e.received);
  event.stageTimestamp = timestamp(e.time);
  if (e.stage !== 'RequestReceived' && r.user.username) event.annotations = r.annotations;
  // Go's encoder escapes <, > and & inside strings; JSON.stringify does not.
  return JSON.stringify(event).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

const MALFORMED = [
  (line) => line.slice(0, Math.floor(line.length / 2)), // a line cut short (disk full, rotation)
  () => 'I0101 00:00:00.000000       1 audit.go:42] not JSON: a klog line in the wrong file',
  () => '{"kind":"Status","apiVersion":"v1","status":"Failure"}',
  (line) => line.replace('"verb":', '"verb":7,"x":'),
];

async function emit(line) {
  if (malformedEvery > 0 && written > 0 && written % malformedEvery === 0) {
    await write(MALFORMED[Math.floor(written / malformedEvery) % MALFORMED.length](line));
  }
  await write(line);
}

async function write(line) {
  buffered.push(line);
  bufferedBytes += Buffer.byteLength(line) + 1;
  bytes += Buffer.byteLength(line) + 1;
  written++;
  if (bufferedBytes >= 1 << 20) await flush(false);
}

async function flush(end) {
  const chunk = buffered.length > 0 ? buffered.join('\n') + '\n' : '';
  buffered = [];
  bufferedBytes = 0;
  if (chunk && !sink.write(chunk)) await once(sink, 'drain');
  if (end) {
    if (sink !== process.stdout) sink.end();
    if (file !== process.stdout) await once(file, 'finish');
  }
}

function pushPending(time, line) {
  const item = { time, line, order: sequence++ };
  pending.push(item);
  for (let i = pending.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1;
    if (!before(pending[i], pending[parent])) break;
    [pending[i], pending[parent]] = [pending[parent], pending[i]];
    i = parent;
  }
}

function popPending() {
  const top = pending[0];
  const last = pending.pop();
  if (pending.length > 0) {
    pending[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < pending.length && before(pending[l], pending[m])) m = l;
      if (r < pending.length && before(pending[r], pending[m])) m = r;
      if (m === i) break;
      [pending[i], pending[m]] = [pending[m], pending[i]];
      i = m;
    }
  }
  return top;
}

function before(a, b) {
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}

function expInterval(mean) {
  return -Math.log(1 - random()) * mean;
}

function timestamp(ms) {
  const micros = Math.floor((ms % 1) * 1000)
    .toString()
    .padStart(3, '0');
  return new Date(Math.floor(ms)).toISOString().replace('Z', `${micros}Z`);
}

function uuid() {
  const hex = () => Math.floor(random() * 0x10000).toString(16).padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)([KMG]?)B?$/i.exec(text);
  if (!m) usage(`--bytes takes a size such as 200M or 1G, not "${text}"`);
  return Math.round(Number(m[1]) * { '': 1, K: 1e3, M: 1e6, G: 1e9 }[m[2].toUpperCase()]);
}

function usage(message) {
  console.error(`gen-audit-log: ${message}`);
  process.exit(2);
}

await main();
