/**
 * Fault injection for tests (off by default): a fraction of calls answered with Throttling, a
 * fraction with 500/503, and added latency. Decisions come from a seeded generator so a test that
 * fixes the seed sees the same sequence on every run.
 */
export interface FaultConfig {
  /** Fraction of calls answered `Throttling` (0..1). */
  readonly throttle?: number;
  /** Fraction of calls answered 500 InternalFailure or 503 ServiceUnavailable (0..1). */
  readonly error?: number;
  /** Added to every call before it is answered. */
  readonly latencyMs?: number;
  /** Seed of the decision sequence; without one, each start picks a random seed. */
  readonly seed?: number;
}

export const FAULTS_ENV = 'REPLCTL_RDS_FAULTS';

export type FaultDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'throttle' }
  | { readonly kind: 'error'; readonly status: 500 | 503 };

const KEYS = ['throttle', 'error', 'latencyMs', 'seed'] as const;
type FaultKey = (typeof KEYS)[number];

function checkValue(key: FaultKey, value: number): number {
  if (!Number.isFinite(value)) throw new Error(`fault ${key}: expected a number`);
  if ((key === 'throttle' || key === 'error') && (value < 0 || value > 1)) {
    throw new Error(`fault ${key}: expected a fraction between 0 and 1, got ${value}`);
  }
  if ((key === 'latencyMs' || key === 'seed') && (!Number.isInteger(value) || value < 0)) {
    throw new Error(`fault ${key}: expected a non-negative integer, got ${value}`);
  }
  return value;
}

/** Parses `throttle=0.3,error=0.1,latencyMs=200,seed=42` (the REPLCTL_RDS_FAULTS syntax). */
export function parseFaultSpec(spec: string): FaultConfig {
  const config: Partial<Record<FaultKey, number>> = {};
  for (const part of spec.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new Error(`${FAULTS_ENV}: unknown key '${key}', expected one of ${KEYS.join(', ')}`);
    }
    const text = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (text === '') throw new Error(`${FAULTS_ENV}: ${key} needs a value, e.g. ${key}=0.5`);
    config[key as FaultKey] = checkValue(key as FaultKey, Number(text));
  }
  return config;
}

/** Validates a JSON object given to the admin route. */
export function faultConfigFromJson(value: unknown): FaultConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('expected a JSON object such as {"throttle":0.5,"seed":1}');
  }
  const config: Partial<Record<FaultKey, number>> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new Error(`unknown key '${key}', expected one of ${KEYS.join(', ')}`);
    }
    if (typeof raw !== 'number') throw new Error(`fault ${key}: expected a number`);
    config[key as FaultKey] = checkValue(key as FaultKey, raw);
  }
  return config;
}

/** mulberry32: tiny, fast and good enough to spread test faults; not for anything else. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private current: FaultConfig = {};
  private random: () => number = Math.random;

  constructor(config: FaultConfig = {}) {
    this.configure(config);
  }

  get config(): FaultConfig {
    return this.current;
  }

  /** Replaces the whole configuration and restarts the decision sequence from its seed. */
  configure(config: FaultConfig): void {
    this.current = { ...config };
    this.random = seededRandom(config.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  get latencyMs(): number {
    return this.current.latencyMs ?? 0;
  }

  decide(): FaultDecision {
    const throttle = this.current.throttle ?? 0;
    const error = this.current.error ?? 0;
    if (throttle === 0 && error === 0) return { kind: 'none' };
    if (this.random() < throttle) return { kind: 'throttle' };
    if (this.random() < error) return { kind: 'error', status: this.random() < 0.5 ? 500 : 503 };
    return { kind: 'none' };
  }
}

/** Options win over the environment, key by key. */
export function resolveFaults(options: FaultConfig | undefined, env: NodeJS.ProcessEnv): FaultConfig {
  const spec = env[FAULTS_ENV];
  const fromEnv = spec === undefined || spec.trim() === '' ? {} : parseFaultSpec(spec);
  return { ...fromEnv, ...options };
}
