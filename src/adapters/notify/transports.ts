// Carrying out one delivery: HTTP (quadctl's one HTTP client), mail (nodemailer), or a
// program fed the payload on stdin. Each call is one attempt bounded by
// `timeoutMs`; retries are send.ts's.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import type { NotifySettings } from '../../config';
import type { Delivery, ExecDelivery, HttpDelivery, MailDelivery } from '../../notify/deliveries';
import { exchange } from '../http/exchange';

const SIGNATURE_HEADER = 'x-quadctl-signature';
/** Only the start of a receiver's answer is shown; a larger answer than this is an error (memory). */
const ANSWER_MAX_BYTES = 1024 * 1024;

async function secret(path: string, what: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
  } catch (e) {
    throw new Error(`cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function sendHttp(d: HttpDelivery, settings: NotifySettings, timeoutMs: number): Promise<string> {
  const headers: Record<string, string> = { ...d.headers, 'user-agent': 'quadctl' };
  if (d.sign && settings.secretFile) headers[SIGNATURE_HEADER] = `sha256=${createHmac('sha256', await secret(settings.secretFile, 'secret-file')).update(d.body).digest('hex')}`;
  // A redirect is not followed: the POST (and its signature) would go where the receiver's answer says.
  const res = await exchange(
    { method: 'POST', url: new URL(d.url), label: 'POST', headers, body: d.body, maxBytes: ANSWER_MAX_BYTES, agent: false },
    { connectTimeoutMs: timeoutMs, readTimeoutMs: timeoutMs, deadline: AbortSignal.timeout(timeoutMs) },
  );
  const said = res.body.toString('utf8').trim().slice(0, 200);
  if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status} ${STATUS_CODES[res.status] ?? ''}${said ? `: ${said}` : ''}`);
  return `HTTP ${res.status}`;
}

async function sendMail(d: MailDelivery, settings: NotifySettings, timeoutMs: number): Promise<string> {
  const pass = settings.passwordFile ? await secret(settings.passwordFile, 'password-file') : undefined;
  const ca = settings.caFile ? await readFile(settings.caFile, 'utf8') : undefined;
  // Loaded only for mail: statically imported, nodemailer (~9 MiB) came with every run that sent any notification.
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    host: d.host,
    port: d.port,
    secure: d.security === 'tls',
    requireTLS: d.security === 'starttls',
    ignoreTLS: d.security === 'none',
    ...(d.user ? { auth: { user: d.user, pass: pass ?? '' } } : {}),
    ...(ca ? { tls: { ca } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const info = await transport.sendMail({ from: d.from, to: d.to, subject: d.subject, text: d.text });
    return `accepted by ${d.host}: ${info.response}`;
  } finally {
    transport.close();
  }
}

function sendExec(d: ExecDelivery, _settings: NotifySettings, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(d.program, [], { stdio: ['pipe', 'ignore', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-500);
    });
    child.on('error', (e) => reject(new Error(`cannot run ${d.program}: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(`${d.program} exited 0`);
      else reject(new Error(`${d.program} ${signal ? `was killed (${signal}, over ${timeoutMs} ms)` : `exited ${code}`}${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(d.stdin);
  });
}

type Transport<D extends Delivery> = (d: D, settings: NotifySettings, timeoutMs: number) => Promise<string>;

const TRANSPORTS: { [K in Delivery['kind']]: Transport<Extract<Delivery, { kind: K }>> } = { http: sendHttp, smtp: sendMail, exec: sendExec };

export function deliver(d: Delivery, settings: NotifySettings, timeoutMs: number): Promise<string> {
  return (TRANSPORTS[d.kind] as Transport<Delivery>)(d, settings, timeoutMs);
}
