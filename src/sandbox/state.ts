import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTestToken } from '../protocol/landing-token.js';
import type { FaultKind } from './faults.js';

/** One conversion the sandbox accepted, with how many calls accepted it. */
export interface AcceptedConversion {
  productId: string;
  token: string;
  /** The token's second group is "test" (the upstream guide, see docs/pipeline.md). */
  isTest: boolean;
  acceptedCalls: number;
  /** Calls that accepted it but whose answer was held past the client's timeout. */
  answersLost: number;
  firstAcceptedAt: string;
  lastAcceptedAt: string;
}

/** One call to the upstream endpoint and the status it got (the API key is never kept). */
export interface SandboxCall {
  id: number;
  at: string;
  method: string;
  path: string;
  productId: string | null;
  token: string | null;
  status: number;
  fault: FaultKind | null;
  accepted: boolean;
}

const MAX_CALLS = 10_000;

/**
 * What the sandbox remembers. With a file it survives restarts, so the demo's
 * /__sandbox page still shows yesterday's conversions.
 */
export class SandboxState {
  private conversions = new Map<string, AcceptedConversion>();
  private calls: SandboxCall[] = [];
  private nextId = 1;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly file: string | null = null) {
    if (file) this.load(file);
  }

  static inDir(dataDir: string | undefined): SandboxState {
    if (!dataDir) return new SandboxState();
    mkdirSync(dataDir, { recursive: true });
    return new SandboxState(join(dataDir, 'sandbox-state.json'));
  }

  accept(productId: string, token: string, at: Date, answerLost: boolean): AcceptedConversion {
    const key = `${productId}/${token}`;
    const iso = at.toISOString();
    const found = this.conversions.get(key);
    const next: AcceptedConversion = found
      ? { ...found, acceptedCalls: found.acceptedCalls + 1, answersLost: found.answersLost + Number(answerLost), lastAcceptedAt: iso }
      : {
          productId,
          token,
          isTest: isTestToken(token),
          acceptedCalls: 1,
          answersLost: Number(answerLost),
          firstAcceptedAt: iso,
          lastAcceptedAt: iso,
        };
    this.conversions.set(key, next);
    return next;
  }

  record(call: Omit<SandboxCall, 'id'>): SandboxCall {
    const full = { id: this.nextId++, ...call };
    this.calls.push(full);
    if (this.calls.length > MAX_CALLS) this.calls.splice(0, this.calls.length - MAX_CALLS);
    this.save();
    return full;
  }

  listConversions(): AcceptedConversion[] {
    return [...this.conversions.values()];
  }

  listCalls(): SandboxCall[] {
    return [...this.calls];
  }

  reset(): void {
    this.conversions.clear();
    this.calls = [];
    this.nextId = 1;
    this.save();
  }

  private load(file: string): void {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { conversions: AcceptedConversion[]; calls: SandboxCall[] };
      for (const c of saved.conversions) this.conversions.set(`${c.productId}/${c.token}`, c);
      this.calls = saved.calls;
      this.nextId = (saved.calls.at(-1)?.id ?? 0) + 1;
    } catch {
      // No file yet, or an unreadable one: start empty (it is a simulator's log, not data).
    }
  }

  /** Write at most every 250 ms: the log can hold 10 000 calls, too much to rewrite on every one. */
  private save(): void {
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.flush(), 250);
    this.saveTimer.unref();
  }

  /** Write now (on close). */
  flush(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (!this.file) return;
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ conversions: this.listConversions(), calls: this.calls }));
    renameSync(tmp, this.file);
  }
}
