/**
 * The Debug Adapter Protocol session over a Runtime. It runs the same in the extension host
 * (inline), as a standalone process (stdio or TCP) and under tests: files come through a
 * FileAccess and time slices through an injected `defer`, never from Node directly.
 */
import { DebugSession, InitializedEvent, OutputEvent, Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ebcdicToText } from '../asm';
import { hasErrors, type IoPath, type SourceLocation } from '../asm/image';
import { createDevice, NO_DEVICE_HOST, type DeviceHost } from '../devices';
import { loadProgram, type FileAccess } from '../runtime/load';
import { Machine } from '../runtime/machine';
import { CPU_THREAD_ID, Runtime, threadOfFrame } from '../runtime/runtime';
import { formatTraceEntry, type TraceEntry } from '../runtime/trace';
import { regionsSnapshot } from './regions';
import {
  VariableHandles,
  ccwVariables,
  deviceVariables,
  ioRegionVariables,
  irbVariables,
  orbVariables,
  pmcwVariables,
  scswVariables,
  type VariableSource,
} from './variables';

/** Launch configuration attributes (package.json `configurationAttributes` describes them). */
export interface CcwLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The `.ccw` file to debug. */
  program: string;
  /** Stop on the first driver statement (default true). */
  stopOnEntry?: boolean;
  /** Override the program's PATH statement. */
  path?: IoPath;
  /** Print every CCW and driver statement to the debug console (default true). */
  trace?: boolean;
  /** Include vfio-ccw FSM transitions and host addresses in the trace. */
  verboseTrace?: boolean;
}

export interface SessionHost {
  readonly files: FileAccess;
  /** Runs `fn` later (setImmediate / setTimeout): execution slices never block the host. */
  readonly defer: (fn: () => void) => void;
  /** File access for DEVICE options (IMAGE=, DECK=, …), relative to the program's folder; none when absent. */
  readonly deviceHost?: (program: string) => DeviceHost;
}

/** Custom requests (panels and other editors use the same truth). */
export const CUSTOM_REQUESTS = { regions: 'ccw/regions' } as const;

export class CcwDebugSession extends DebugSession {
  private runtime: Runtime | null = null;
  private sources = new Map<string, string>();
  private readonly handles = new VariableHandles();
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => {
    this.configurationDone = resolve;
  });
  private readonly pendingBreakpoints = new Map<string, number[]>();
  private traceToConsole = true;
  private verboseTrace = false;

  constructor(private readonly host: SessionHost) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsTerminateRequest: true,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.configurationDone();
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments | undefined): void {
    // A client may send no arguments at all; and nothing a client sends may crash the adapter.
    this.launch(response, (args ?? {}) as Partial<CcwLaunchArguments>).catch((e: unknown) =>
      this.sendErrorResponse(response, 3999, `Internal error while launching: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  private async launch(response: DebugProtocol.LaunchResponse, args: Partial<CcwLaunchArguments>): Promise<void> {
    if (typeof args.program !== 'string' || args.program.length === 0) {
      return this.sendErrorResponse(response, 3001, 'The launch configuration has no "program": name the .ccw file to debug.');
    }
    if (args.path !== undefined && args.path !== 'vfio' && args.path !== 'direct') {
      return this.sendErrorResponse(response, 3002, `"path" must be "vfio" or "direct", not ${JSON.stringify(args.path)}.`);
    }
    this.traceToConsole = args.trace !== false;
    this.verboseTrace = args.verboseTrace === true;
    const loaded = await loadProgram(args.program, this.host.files);
    if ('error' in loaded) return this.sendErrorResponse(response, 3003, loaded.error);
    this.sources = new Map(loaded.sources);
    for (const d of loaded.result.diagnostics) {
      this.output(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`, d.severity === 'error' ? 'stderr' : 'console');
    }
    if (hasErrors(loaded.result)) {
      const n = loaded.result.diagnostics.filter((d) => d.severity === 'error').length;
      return this.sendErrorResponse(response, 3004, `${args.program} has ${n} assembly error(s); see the Debug Console or the Problems panel.`);
    }
    const deviceHost = this.host.deviceHost?.(args.program) ?? NO_DEVICE_HOST;
    const machine = Machine.create(loaded.result.image, { createDevice: (spec) => createDevice(spec, deviceHost), ...(args.path ? { path: args.path } : {}) });
    if ('errors' in machine) return this.sendErrorResponse(response, 3005, machine.errors.join('\n'));

    this.runtime = new Runtime(machine, {
      defer: this.host.defer,
      onStop: (e) => {
        this.handles.reset();
        const event = new StoppedEvent(e.reason, e.threadId) as DebugProtocol.StoppedEvent;
        event.body.description = e.description;
        event.body.allThreadsStopped = true;
        this.sendEvent(event);
      },
      onTrace: (entry) => this.traceEntry(entry),
    });
    for (const [file, lines] of this.pendingBreakpoints) this.runtime.setBreakpoints(file, lines);
    this.output(`ccw: ${args.program} on PATH ${machine.path}: ${machine.devices.map((d) => `${d.device.description} at ${d.devno.toString(16).toUpperCase().padStart(4, '0')}`).join(', ')}\n`);
    this.sendResponse(response);

    await this.configured;
    if (args.stopOnEntry === false) this.runtime.continue();
    else this.runtime.stopOnEntry();
  }

  private traceEntry(entry: TraceEntry): void {
    if (!this.traceToConsole) return;
    const lines = formatTraceEntry(entry, {
      sourceLine: (loc) => this.sourceLine(loc),
      ebcdic: (b) => ebcdicToText(b),
      verbose: this.verboseTrace,
    });
    if (lines.length > 0) this.output(lines.join('\n') + '\n');
  }

  private sourceLine(loc: SourceLocation): string {
    return (this.sources.get(loc.file) ?? '').split(/\r?\n/)[loc.line - 1] ?? '';
  }

  private output(text: string, category: 'console' | 'stdout' | 'stderr' = 'console'): void {
    this.sendEvent(new OutputEvent(text, category));
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const file = args.source.path ?? '';
    const lines = (args.breakpoints ?? []).map((b) => b.line);
    this.pendingBreakpoints.set(file, lines);
    const bound = this.runtime ? this.runtime.setBreakpoints(file, lines) : lines.map(() => null);
    response.body = {
      breakpoints: lines.map((line, i) => {
        const at = bound[i];
        return this.runtime
          ? at !== null && at !== undefined
            ? { verified: true, line: at }
            : { verified: false, line, message: 'Not a driver statement or a CCW' }
          : { verified: true, line };
      }),
    };
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const threads = this.runtime?.threads() ?? [{ id: CPU_THREAD_ID, name: 'CPU' }];
    response.body = { threads: threads.map((t) => new Thread(t.id, t.name)) };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const frames = this.runtime?.stack(args.threadId) ?? [];
    const start = args.startFrame ?? 0;
    const levels = args.levels && args.levels > 0 ? args.levels : frames.length;
    response.body = {
      stackFrames: frames.slice(start, start + levels).map((f) => {
        const frame = new StackFrame(f.id, f.name, f.loc ? this.sourceFor(f.loc.file) : undefined, f.loc?.line ?? 0, f.loc?.column ?? 0);
        if (f.address !== null) (frame as DebugProtocol.StackFrame).instructionPointerReference = `0x${f.address.toString(16)}`;
        if (!f.loc) (frame as DebugProtocol.StackFrame).presentationHint = 'subtle';
        return frame;
      }),
      totalFrames: frames.length,
    };
    this.sendResponse(response);
  }

  private sourceFor(path: string): Source {
    const name = path.split(/[\\/]/).pop() ?? path;
    return new Source(name, this.convertDebuggerPathToClient(path));
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    if (typeof args?.frameId !== 'number') return this.sendErrorResponse(response, 3012, 'scopes needs the frameId of a stack frame.');
    const runtime = this.runtime;
    if (!runtime) {
      response.body = { scopes: [] };
      return this.sendResponse(response);
    }
    const device = runtime.focusDevice(threadOfFrame(args.frameId));
    const scope = (name: string, source: VariableSource, expensive = false): DebugProtocol.Scope => new Scope(name, this.handles.add(source), expensive);
    const scopes: DebugProtocol.Scope[] = [
      scope('CCW', () => ccwVariables(runtime, device, this.handles)),
      scope('ORB', () => orbVariables(runtime, device, this.handles)),
      scope('SCSW', () => scswVariables(runtime, device, this.handles)),
      scope('IRB', () => irbVariables(runtime, this.handles)),
      scope('PMCW', () => pmcwVariables(runtime, device, this.handles)),
      scope('vfio-ccw io region', () => ioRegionVariables(device, this.handles)),
      scope('Device', () => deviceVariables(device, this.handles)),
    ];
    response.body = { scopes };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const source = this.handles.get(args.variablesReference);
    response.body = { variables: source ? source() : [] };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.runtime?.continue();
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    if (!this.validThread(response, args?.threadId)) return;
    this.sendResponse(response);
    this.runtime?.next(args.threadId);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    if (!this.validThread(response, args?.threadId)) return;
    this.sendResponse(response);
    this.runtime?.stepIn(args.threadId);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    if (!this.validThread(response, args?.threadId)) return;
    this.sendResponse(response);
    this.runtime?.stepOut(args.threadId);
  }

  private validThread(response: DebugProtocol.Response, threadId: unknown): boolean {
    if (this.runtime?.isRunning) {
      this.sendErrorResponse(response, 3010, 'The program is running; pause it first.');
      return false;
    }
    if (typeof threadId === 'number' && this.runtime?.threads().some((t) => t.id === threadId)) return true;
    this.sendErrorResponse(response, 3011, `There is no thread ${JSON.stringify(threadId)}.`);
    return false;
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sendResponse(response);
    this.runtime?.pause();
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.runtime?.pause();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): void {
    this.runtime?.pause();
    this.runtime = null;
    // The base class answers and, for a standalone adapter on stdio, ends the process.
    super.disconnectRequest(response, args);
  }

  protected override customRequest(command: string, response: DebugProtocol.Response): void {
    if (command === CUSTOM_REQUESTS.regions) {
      response.body = this.runtime ? regionsSnapshot(this.runtime.machine) : { devices: [] };
      return this.sendResponse(response);
    }
    this.sendErrorResponse(response, 3100, `Unknown request ${command}`);
  }
}
