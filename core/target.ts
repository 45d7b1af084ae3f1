/** What every target (local, ssh, image) offers the runner and the active collectors. */
import type { Duplex, Readable } from 'node:stream';
import type { EvidenceAnswer, EvidenceRequest, ShellCommand } from './evidence.js';
import type { Platform, TargetKind } from './model.js';

export interface GatherResult {
  platform: Platform;
  /** Answers keyed by requestKey(). */
  answers: Map<string, EvidenceAnswer>;
}

export interface SpawnOptions {
  timeoutMs: number;
  /** Run with the target's `become` (sudo -n) when set. */
  become?: boolean;
  signal?: AbortSignal;
  /** Bytes written to the command's standard input. */
  stdin?: string;
}

export interface SpawnedCommand {
  stdout: Readable;
  /** Resolves with the exit code (null when killed), and what stderr said (capped). */
  done: Promise<{ exitCode: number | null; stderr: string }>;
  kill(): void;
}

export interface Target {
  readonly id: string;
  readonly kind: TargetKind;
  /** Open the connection (ssh); verify the root exists (image). Throws TargetError. */
  connect(signal?: AbortSignal): Promise<void>;
  /** Gather all requests in as few round trips as possible. Never throws for one request's fault. */
  gather(requests: EvidenceRequest[], signal?: AbortSignal): Promise<GatherResult>;
  /** Platform as learned by the last gather (or detected on connect). */
  platform(): Platform;
  /** For local and image: the folder that stands for the terminal's `/` (`/` itself for local). */
  readonly fsRoot?: string;
  /** Run a one-off command for an active collector (local and ssh; image has none). */
  spawn?(command: ShellCommand, opts: SpawnOptions): Promise<SpawnedCommand>;
  /** Open a TCP stream to a port on the terminal's loopback/host (ssh: port forwarding). */
  connectTcp?(host: string, port: number, timeoutMs: number): Promise<Duplex>;
  /** Execs/channels opened so far. */
  roundTrips(): number;
  close(): Promise<void>;
}

/** A target could not be reached or used at all. The message names the host and the cause. */
export class TargetError extends Error {
  constructor(
    message: string,
    readonly transient = false,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

/** What a Windows PowerShell in ConstrainedLanguage mode (WDAC/AppLocker) prints instead of running a posaudit
 * script (targets/powershell.ts), and what every request or active check then says. */
export const CONSTRAINED_LANGUAGE_MARK = 'posaudit-constrained-language';
export const CONSTRAINED_LANGUAGE_REASON =
  'PowerShell runs in ConstrainedLanguage mode (an application control policy such as WDAC or AppLocker) and refuses ' +
  "posaudit's script: allow it in the policy, or scan an offline image";
