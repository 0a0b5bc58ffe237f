/**
 * The `ccw/snapshot` custom request: everything the panels show at the current stop in one
 * answer (threads, stacks, every scope expanded, regions, history depth), built from the same
 * functions as the DAP variables so the two can never disagree. Building it reads state only.
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Runtime } from '../runtime/runtime';
import { regionsSnapshot, type RegionsResponse } from './regions';
import { VariableHandles, ccwVariables, deviceVariables, ioRegionVariables, irbVariables, subchannelVariables, symbolVariables } from './variables';

export interface SnapshotVariable {
  readonly name: string;
  readonly value: string;
  readonly type?: string;
  readonly memoryReference?: string;
  readonly children?: readonly SnapshotVariable[];
}

export interface SnapshotThread {
  readonly id: number;
  readonly name: string;
  readonly frames: readonly { readonly name: string; readonly path: string | null; readonly line: number | null; readonly address: string | null }[];
  readonly scopes: Readonly<Record<string, readonly SnapshotVariable[]>>;
}

export interface Snapshot {
  readonly path: 'vfio' | 'direct';
  readonly driver: { readonly state: string; readonly passed: number; readonly failed: number };
  readonly threads: readonly SnapshotThread[];
  readonly symbols: readonly SnapshotVariable[];
  readonly regions: RegionsResponse;
  readonly history: { readonly stops: number; readonly limit: number; readonly atoms: number };
  readonly exception: { readonly filter: string; readonly description: string; readonly details: string } | null;
}

/** Expands at most this many levels (hex/bin/dec views are the last level of a field). */
const DEPTH = 4;

function expand(vars: readonly DebugProtocol.Variable[], handles: VariableHandles, depth: number): SnapshotVariable[] {
  return vars.map((v) => {
    const child = v.variablesReference > 0 && depth > 0 ? handles.get(v.variablesReference) : undefined;
    return {
      name: v.name,
      value: v.value,
      ...(v.type ? { type: v.type } : {}),
      ...(v.memoryReference ? { memoryReference: v.memoryReference } : {}),
      ...(child ? { children: expand(child(), handles, depth - 1) } : {}),
    };
  });
}

export function buildSnapshot(runtime: Runtime, ebcdic: (b: Uint8Array) => string, clientPath: (p: string) => string): Snapshot {
  const handles = new VariableHandles();
  const threads = runtime.threads().map((t): SnapshotThread => {
    const device = runtime.focusDevice(t.id);
    return {
      id: t.id,
      name: t.name,
      frames: runtime.stack(t.id).map((f) => ({
        name: f.name,
        path: f.loc ? clientPath(f.loc.file) : null,
        line: f.loc?.line ?? null,
        address: f.address !== null ? `0x${f.address.toString(16)}` : null,
      })),
      scopes: {
        CCW: expand(ccwVariables(runtime, device, handles), handles, DEPTH),
        Subchannel: expand(subchannelVariables(runtime, device, handles), handles, DEPTH),
        IRB: expand(irbVariables(runtime, handles), handles, DEPTH),
        'vfio-ccw regions': expand(ioRegionVariables(device, handles), handles, DEPTH),
        Device: expand(deviceVariables(device, handles), handles, DEPTH),
      },
    };
  });
  const e = runtime.exception;
  const m = runtime.machine;
  return {
    path: m.path,
    driver: { state: m.driver.state, passed: m.driver.passed, failed: m.driver.failed },
    threads,
    symbols: expand(symbolVariables(runtime, ebcdic), handles, 0),
    regions: regionsSnapshot(m),
    history: { stops: runtime.history.depth, limit: runtime.history.limit, atoms: runtime.atoms },
    exception: e ? { filter: e.filter, description: e.description, details: e.details } : null,
  };
}
