import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EndpointContext } from './context.js';
import { RdsApiError } from './errors.js';
import { type FaultInjector, faultConfigFromJson } from './faults.js';
import { QueryForm } from './form.js';
import { errorDocument, RDS_API_VERSION, successDocument } from './responses.js';
import { handlerFor } from './router.js';

/** Tests switch faults on a running endpoint here: GET shows them, POST replaces them (JSON). */
export const ADMIN_FAULTS_PATH = '/_replctl/faults';

const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerDeps {
  readonly ctx: EndpointContext;
  readonly faults: FaultInjector;
  readonly log: (line: string) => void;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, body: string, requestId?: string): void {
  const headers: Record<string, string | number> = {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
  };
  if (requestId) headers['x-amzn-requestid'] = requestId;
  res.writeHead(status, headers);
  res.end(body);
}

function sendError(res: ServerResponse, error: RdsApiError, requestId: string): void {
  send(res, error.status, 'text/xml', errorDocument(error, requestId), requestId);
}

async function handleFaultsAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  faults: FaultInjector,
): Promise<void> {
  if (req.method === 'POST') {
    try {
      faults.configure(faultConfigFromJson(JSON.parse(await readBody(req))));
    } catch (error) {
      send(res, 400, 'application/json', JSON.stringify({ error: (error as Error).message }));
      return;
    }
  } else if (req.method !== 'GET') {
    send(res, 405, 'application/json', JSON.stringify({ error: 'use GET or POST' }));
    return;
  }
  send(res, 200, 'application/json', JSON.stringify(faults.config));
}

async function handleQuery(
  req: IncomingMessage,
  res: ServerResponse,
  deps: ServerDeps,
  url: URL,
): Promise<void> {
  const requestId = randomUUID();
  try {
    if (url.pathname !== '/' || (req.method !== 'POST' && req.method !== 'GET')) {
      throw new RdsApiError(
        'InvalidAction',
        `Expected POST / with an Action (got ${req.method} ${url.pathname})`,
      );
    }
    // The Query protocol also allows the fields in the query string (GET); POST bodies are the SDK's way.
    const form = QueryForm.parse(req.method === 'POST' ? await readBody(req) : url.search.slice(1));
    if (deps.faults.latencyMs > 0) await sleep(deps.faults.latencyMs);
    // Faults strike before the action runs, so a failed call has no effect (retries stay correct).
    const fault = deps.faults.decide();
    if (fault.kind === 'throttle') throw new RdsApiError('Throttling', 'Rate exceeded');
    if (fault.kind === 'error') {
      throw fault.status === 503
        ? new RdsApiError('ServiceUnavailable', 'Service unavailable (injected fault)')
        : new RdsApiError('InternalFailure', 'Internal failure (injected fault)');
    }
    const action = form.required('Action');
    const version = form.string('Version');
    if (version !== undefined && version !== RDS_API_VERSION) {
      throw new RdsApiError(
        'InvalidParameterValue',
        `Unsupported Version ${version}: expected ${RDS_API_VERSION}`,
      );
    }
    const result = await handlerFor(action)(deps.ctx, form);
    send(res, 200, 'text/xml', successDocument(action, result, requestId), requestId);
  } catch (error) {
    if (error instanceof RdsApiError) {
      sendError(res, error, requestId);
    } else if (error instanceof BodyTooLarge) {
      sendError(
        res,
        new RdsApiError('InvalidParameterValue', 'The request body is larger than 1 MiB'),
        requestId,
      );
    } else {
      deps.log(`rds-endpoint: request ${requestId} failed: ${(error as Error).stack ?? String(error)}`);
      sendError(
        res,
        new RdsApiError('InternalFailure', `Internal failure (request ${requestId})`),
        requestId,
      );
    }
  }
}

export function createRdsServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const done =
      url.pathname === ADMIN_FAULTS_PATH
        ? handleFaultsAdmin(req, res, deps.faults)
        : handleQuery(req, res, deps, url);
    done.catch((error: unknown) => {
      deps.log(`rds-endpoint: ${(error as Error).message}`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
      else res.destroy();
    });
  });
}
