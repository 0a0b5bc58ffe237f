/**
 * The Debug Adapter Protocol session over a Runtime. It runs the same in the extension host
 * (inline), as a standalone process (stdio or TCP) and under tests: files come through a
 * FileAccess and time slices through an injected `defer`, never from Node directly.
 *
 * Every capability announced in `initialize` is implemented below; a request the session
 * cannot answer (malformed, out of order, unknown) gets an error response and the session
 * carries on.
 */
import { DebugSession, InitializedEvent, OutputEvent, Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread, Event } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { ebcdicToText, encodeEbcdic } from '../asm';
import { hasErrors, type Expectation, type Image, type SourceLocation } from '../asm/image';
import { createDevice, NO_DEVICE_HOST, type DeviceHost } from '../devices';
import { dataIdOf, parseAddress } from '../runtime/breakpoints';
import { parseCondition } from '../runtime/conditions';
import { EXCEPTION_FILTERS, isExceptionFilter, type ExceptionFilterId } from '../runtime/exceptions';
import { loadProgram, type FileAccess } from '../runtime/load';
import { Machine } from '../runtime/machine';
import { PokeJournal } from '../runtime/pokes';
import { CPU_THREAD_ID, Runtime, threadOfFrame, type Granularity } from '../runtime/runtime';
import { formatTraceEntry, type TraceEntry } from '../runtime/trace';
import { consoleCompletions, runConsoleCommand } from './console';
import { disassemble, parseMemoryReference, readStorage } from './disassemble';
import { HeldWrites } from './heldWrites';
import { applyOverrides, validateLaunch, type LaunchSettings } from './launchConfig';
import { regionsSnapshot } from './regions';
import { ccwRefusal, deviceRefusal, irbSetter, orbRefusal, pmcwSetter, regionRefusal, scswSetter, type SetResult } from './setters';
import { buildSnapshot } from './snapshot';
import { PANELS_EVENT, PanelsFollow } from './panels/follow';
import { isPanelRequest, panelRequest } from './panels/requests';
import { TRACE_REQUEST, traceRequest } from './traceRequest';
import {
  VariableHandles,
  ccwVariables,
  deviceVariables,
  ioRegionVariables,
  irbVariables,
  setValueFormat,
  storageText,
  subchannelVariables,
  symbolVariables,
  type VariableSource,
} from './variables';

/** Launch configuration attributes (package.json `configurationAttributes` describes them). */
export interface CcwLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  program: string;
  stopOnEntry?: boolean;
  path?: 'vfio' | 'direct';
  trace?: boolean;
  verboseTrace?: boolean;
  storage?: string;
  devices?: { devno: string; type?: string; options?: Record<string, string> }[];
  historyLimit?: number;
  maxCcws?: number;
}

export interface SessionHost {
  readonly files: FileAccess;
  /** Runs `fn` later (setImmediate / setTimeout): execution slices never block the host. */
  readonly defer: (fn: () => void) => void;
  /** File access for DEVICE options (IMAGE=, DECK=, …), relative to the program's folder; none when absent. */
  readonly deviceHost?: (program: string) => DeviceHost;
}

/** Custom requests and events (panels and other editors use the same truth). */
export const CUSTOM_REQUESTS = { regions: 'ccw/regions', snapshot: 'ccw/snapshot' } as const;
export const CUSTOM_EVENTS = { trace: 'ccw/trace', regions: 'ccw/regionsChanged' } as const;

/** Trace lines sent per batch; the rest of a burst is counted, not sent, so a fast run never floods the client. */
const TRACE_BATCH_LINES = 500;

export class CcwDebugSession extends DebugSession {
  private runtime: Runtime | null = null;
  private settings: LaunchSettings | null = null;
  private sources = new Map<string, string>();
  private readonly handles = new VariableHandles();
  /** The user's changes outside guest storage, replayed by reverse execution (runtime/pokes.ts). */
  private readonly pokes = new PokeJournal(() => this.runtime);
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => {
    this.configurationDone = resolve;
  });
  private launched = false;
  private readonly pendingSource = new Map<string, DebugProtocol.SourceBreakpoint[]>();
  private pendingFunctions: DebugProtocol.FunctionBreakpoint[] = [];
  private pendingInstructions: DebugProtocol.InstructionBreakpoint[] = [];
  private pendingData: DebugProtocol.DataBreakpoint[] = [];
  private pendingFilters = new Map<ExceptionFilterId, readonly Expectation[] | null>();
  private traceToConsole = true;
  private verboseTrace = false;
  private traceLines: string[] = [];
  private traceDropped = 0;
  private traceFlushScheduled = false;
  private lastRegions = '';
  /** The panels pushed at every stop to a client that follows them (panels/follow.ts). */
  private readonly panelsFollow = new PanelsFollow();
  /** The stream the messages are written to, which can hold a stop's back into one write (a standalone adapter; none inline). */
  private writes: HeldWrites | null = null;

  constructor(private readonly host: SessionHost) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    for (const f of EXCEPTION_FILTERS) if (f.default) this.pendingFilters.set(f.filter, null);
  }

  /** A standalone adapter: messages go through HeldWrites, so a stop's leave in one write. */
  override start(inStream: NodeJS.ReadableStream, outStream: NodeJS.WritableStream): void {
    this.writes = new HeldWrites(outStream);
    // The protocol server writes messages to its stream, listens for its errors and ends it (MessageStream): nothing more.
    super.start(inStream, this.writes as unknown as NodeJS.WritableStream);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsDataBreakpoints: true,
      supportsInstructionBreakpoints: true,
      supportsBreakpointLocationsRequest: true,
      supportsStepBack: true,
      supportsSteppingGranularity: true,
      supportsRestartRequest: true,
      supportsTerminateRequest: true,
      supportsSetVariable: true,
      supportsSetExpression: true,
      supportsEvaluateForHovers: true,
      supportsCompletionsRequest: true,
      completionTriggerCharacters: [' '],
      supportsExceptionInfoRequest: true,
      supportsExceptionFilterOptions: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS.map((f) => ({
        filter: f.filter,
        label: f.label,
        description: f.description,
        default: f.default,
        supportsCondition: true,
        conditionDescription: 'An EXPECT check that must hold, e.g. DSTAT&=UC or CC=1',
      })),
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsDisassembleRequest: true,
      supportsValueFormattingOptions: true,
      supportsLoadedSourcesRequest: true,
      supportsCancelRequest: true,
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.configurationDone();
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments | undefined): void {
    if (this.launched) return this.sendErrorResponse(response, 3006, 'This session has already launched a program; use restart, or start a new session.');
    // A client may send no arguments at all; and nothing a client sends may crash the adapter.
    this.launch(response, args ?? {}).catch((e: unknown) =>
      this.sendErrorResponse(response, 3999, `Internal error while launching: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  private async launch(response: DebugProtocol.LaunchResponse, raw: unknown): Promise<void> {
    const settings = validateLaunch(raw);
    if ('error' in settings) return this.sendErrorResponse(response, 3001, settings.error);
    this.launched = true;
    this.traceToConsole = settings.trace;
    this.verboseTrace = settings.verboseTrace;
    const loaded = await loadProgram(settings.program, this.host.files);
    if ('error' in loaded) return this.fail(response, 3003, loaded.error);
    this.sources = new Map(loaded.sources);
    for (const d of loaded.result.diagnostics) {
      this.output(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`, d.severity === 'error' ? 'stderr' : 'console');
    }
    if (hasErrors(loaded.result)) {
      const n = loaded.result.diagnostics.filter((d) => d.severity === 'error').length;
      return this.fail(response, 3004, `${settings.program} has ${n} assembly error(s); see the Debug Console or the Problems panel.`);
    }
    const image = applyOverrides(loaded.result.image, settings);
    if ('error' in image) return this.fail(response, 3007, image.error);
    const deviceHost = this.host.deviceHost?.(settings.program) ?? NO_DEVICE_HOST;
    const build = (): Machine | { errors: string[] } => Machine.create(image, { createDevice: (spec) => createDevice(spec, deviceHost), ...(settings.path ? { path: settings.path } : {}) });
    const machine = build();
    if ('errors' in machine) return this.fail(response, 3005, machine.errors.join('\n'));
    this.settings = settings;
    this.runtime = new Runtime(machine, {
      defer: this.host.defer,
      historyLimit: settings.historyLimit,
      maxCcws: settings.maxCcws,
      // Every CCW gets a trace entry only while the Debug Console shows them: with the trace off a
      // continue runs at fast-path speed, and the kept trace counts the CCWs it has no entry for.
      recordEveryCcw: settings.trace,
      rebuild: () => {
        const m = build();
        return 'errors' in m ? null : this.pokes.rebuilt(m);
      },
      onStop: (e) => {
        // What a stop sends (the trace's last batch, stopped, the regions, the panels) leaves in
        // one write: one system call and one wake-up of the client per stop, not one per message.
        this.inOneWrite(() => {
          this.flushTrace();
          this.handles.reset();
          const event = new StoppedEvent(e.reason, e.threadId) as DebugProtocol.StoppedEvent;
          event.body.description = e.description;
          event.body.allThreadsStopped = true;
          if (e.hitBreakpointIds && e.hitBreakpointIds.length > 0) event.body.hitBreakpointIds = [...e.hitBreakpointIds];
          if (e.exception) event.body.text = e.exception.description;
          this.sendEvent(event);
          this.regionsChanged();
          this.pushPanels();
        });
      },
      onTrace: (entry) => this.traceEntry(entry),
      onLog: (text, loc) => {
        const ev = new OutputEvent(`${text}\n`, 'console') as DebugProtocol.OutputEvent;
        if (loc) {
          ev.body.source = this.sourceFor(loc.file);
          ev.body.line = loc.line;
        }
        this.sendEvent(ev);
      },
    });
    this.applyPendingBreakpoints();
    this.output(`ccw: ${settings.program} on PATH ${machine.path}: ${machine.devices.map((d) => `${d.device.description} at ${d.devno.toString(16).toUpperCase().padStart(4, '0')}`).join(', ')}\n`);
    this.sendResponse(response);

    await this.configured;
    if (!this.runtime) return;
    if (settings.stopOnEntry) this.runtime.stopOnEntry();
    else this.runtime.continue();
  }

  private fail(response: DebugProtocol.Response, code: number, message: string): void {
    this.launched = false;
    this.sendErrorResponse(response, code, message);
  }

  private applyPendingBreakpoints(): void {
    const r = this.runtime;
    if (!r) return;
    for (const [file, bps] of this.pendingSource) r.breakpoints.setSource(file, bps);
    r.breakpoints.setFunctions(this.pendingFunctions, this.namedDevices());
    r.breakpoints.setInstructions(this.pendingInstructions);
    r.breakpoints.setData(this.pendingData, (a, n) => r.machine.guest.read(a, n));
    r.setExceptionFilters(this.pendingFilters);
  }

  private namedDevices() {
    return (this.runtime?.machine.devices ?? []).map((d) => ({ devno: d.devno, commandName: (c: number) => d.device.commandName(c) }));
  }

  // --- trace ----------------------------------------------------------------------------------

  private traceEntry(entry: TraceEntry): void {
    if (!this.traceToConsole) return;
    if (this.traceLines.length >= TRACE_BATCH_LINES) {
      this.traceDropped++;
    } else {
      const lines = formatTraceEntry(entry, {
        sourceLine: (loc) => this.sourceLine(loc),
        ebcdic: (b) => ebcdicToText(b),
        verbose: this.verboseTrace,
      });
      this.traceLines.push(...lines);
    }
    if (!this.traceFlushScheduled) {
      this.traceFlushScheduled = true;
      this.host.defer(() => this.flushTrace());
    }
  }

  /** One output and one ccw/trace event per batch; what did not fit is counted. */
  private flushTrace(): void {
    this.traceFlushScheduled = false;
    if (this.traceLines.length === 0 && this.traceDropped === 0) return;
    const lines = this.traceLines;
    const dropped = this.traceDropped;
    this.traceLines = [];
    this.traceDropped = 0;
    const tail = dropped > 0 ? [`… ${dropped} more trace entries not shown (the run was faster than the console)`] : [];
    this.output([...lines, ...tail].join('\n') + '\n');
    this.sendEvent(new Event(CUSTOM_EVENTS.trace, { lines, dropped }));
  }

  private regionsChanged(): void {
    if (!this.traceToConsole || !this.runtime || this.runtime.machine.path !== 'vfio') return;
    const snapshot = regionsSnapshot(this.runtime.machine);
    const text = JSON.stringify(snapshot);
    if (text === this.lastRegions) return;
    this.lastRegions = text;
    this.sendEvent(new Event(CUSTOM_EVENTS.regions, snapshot));
  }

  /**
   * The answer to a request that changed the machine at a stop (set a variable, wrote storage),
   * the events that say so and, to a client that follows the panels, the panels as they are now:
   * in one write. `regions`: the change may show in the vfio-ccw regions (ccw/regionsChanged).
   */
  private changedAtStop(response: DebugProtocol.Response, events: readonly DebugProtocol.Event[], regions = false): void {
    this.inOneWrite(() => {
      this.sendResponse(response);
      for (const e of events) this.sendEvent(e);
      if (regions) this.regionsChanged();
      this.pushPanels();
    });
  }

  /** Runs `send`; the messages it sends leave in one write (a standalone adapter: inline, each is handed over as it is sent). */
  private inOneWrite(send: () => void): void {
    const held = this.writes?.hold() === true;
    try {
      send();
    } finally {
      if (held) this.writes?.release();
    }
  }

  /** The stop's panels, to a client that follows them (after `stopped`, or after a change made at the stop). True when sent. */
  protected pushPanels(): boolean {
    const r = this.runtime;
    if (!r || !this.panelsFollow.following) return false;
    const body = this.panelsFollow.atStop(r, (p) => this.convertDebuggerPathToClient(p));
    if (!body) return false;
    this.sendEvent(new Event(PANELS_EVENT, body));
    return true;
  }

  private sourceLine(loc: SourceLocation): string {
    return (this.sources.get(loc.file) ?? '').split(/\r?\n/)[loc.line - 1] ?? '';
  }

  private output(text: string, category: 'console' | 'stdout' | 'stderr' = 'console'): void {
    this.sendEvent(new OutputEvent(text, category));
  }

  // --- breakpoints ----------------------------------------------------------------------------

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const file = typeof args?.source?.path === 'string' ? args.source.path : null;
    if (file === null) return this.sendErrorResponse(response, 3020, 'setBreakpoints needs source.path.');
    const requested = Array.isArray(args.breakpoints) ? args.breakpoints.filter((b) => b && Number.isInteger(b.line)) : Array.isArray(args.lines) ? args.lines.filter(Number.isInteger).map((line) => ({ line })) : [];
    const path = this.convertClientPathToDebugger(file);
    this.pendingSource.set(path, requested);
    const bound = this.runtime?.breakpoints.setSource(path, requested);
    response.body = {
      breakpoints: requested.map((b, i) => {
        const r = bound?.[i];
        return r ? { id: r.id, verified: r.verified, line: r.line ?? b.line, ...(r.message ? { message: r.message } : {}) } : { verified: true, line: b.line };
      }),
    };
    this.sendResponse(response);
  }

  protected override breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    const file = typeof args?.source?.path === 'string' ? this.convertClientPathToDebugger(args.source.path) : null;
    if (file === null || !Number.isInteger(args.line)) return this.sendErrorResponse(response, 3021, 'breakpointLocations needs source.path and line.');
    if (!this.runtime) return this.sendErrorResponse(response, 3009, 'No program has been launched yet.');
    const end = Number.isInteger(args.endLine) ? (args.endLine as number) : args.line;
    response.body = { breakpoints: this.runtime.breakpoints.locations(file, args.line, end).map((line) => ({ line })) };
    this.sendResponse(response);
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    if (!Array.isArray(args?.breakpoints)) return this.sendErrorResponse(response, 3022, 'setFunctionBreakpoints needs a breakpoints list.');
    this.pendingFunctions = args.breakpoints.filter((b) => b && typeof b.name === 'string');
    const bound = this.runtime?.breakpoints.setFunctions(this.pendingFunctions, this.namedDevices());
    response.body = { breakpoints: this.pendingFunctions.map((_, i) => toBreakpoint(bound?.[i])) };
    this.sendResponse(response);
  }

  protected override setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    if (!Array.isArray(args?.breakpoints)) return this.sendErrorResponse(response, 3023, 'setInstructionBreakpoints needs a breakpoints list.');
    this.pendingInstructions = args.breakpoints.filter((b) => b && typeof b.instructionReference === 'string');
    const bound = this.runtime?.breakpoints.setInstructions(this.pendingInstructions);
    response.body = { breakpoints: this.pendingInstructions.map((_, i) => toBreakpoint(bound?.[i])) };
    this.sendResponse(response);
  }

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    const r = this.runtime;
    if (!r) return this.sendErrorResponse(response, 3009, 'No program has been launched yet.');
    if (typeof args?.name !== 'string') return this.sendErrorResponse(response, 3024, 'dataBreakpointInfo needs a name.');
    const range = this.storageRange(args.name, args.asAddress === true, args.bytes);
    if (!range) {
      response.body = { dataId: null, description: `${args.name} is not a label or a guest storage address: only guest storage can be watched` };
      return this.sendResponse(response);
    }
    response.body = {
      dataId: dataIdOf(range.address, range.length),
      description: `${range.name} (X'${range.address.toString(16).toUpperCase()}', ${range.length} bytes)`,
      accessTypes: ['read', 'write', 'readWrite'],
      canPersist: false,
    };
    this.sendResponse(response);
  }

  /** A symbol (its length attribute) or an address (with `bytes`, default 1) as a storage range. */
  private storageRange(name: string, asAddress: boolean, bytes: number | undefined): { address: number; length: number; name: string } | null {
    const r = this.runtime;
    if (!r) return null;
    const sym = asAddress ? undefined : r.machine.image.symbols.find((s) => s.kind === 'label' && s.name.toUpperCase() === name.trim().toUpperCase());
    const address = sym ? sym.value : parseAddress(name);
    if (address === null) return null;
    const length = sym ? Math.max(1, sym.length) : Number.isInteger(bytes) && (bytes as number) > 0 ? (bytes as number) : 1;
    if (!r.machine.guest.valid(address, length) || length > 65536) return null;
    return { address, length, name: sym?.name ?? `X'${address.toString(16).toUpperCase()}'` };
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    if (!Array.isArray(args?.breakpoints)) return this.sendErrorResponse(response, 3025, 'setDataBreakpoints needs a breakpoints list.');
    this.pendingData = args.breakpoints.filter((b) => b && typeof b.dataId === 'string');
    const r = this.runtime;
    const bound = r?.breakpoints.setData(this.pendingData, (a, n) => r.machine.guest.read(a, n));
    response.body = { breakpoints: this.pendingData.map((_, i) => toBreakpoint(bound?.[i])) };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    if (!Array.isArray(args?.filters)) return this.sendErrorResponse(response, 3026, 'setExceptionBreakpoints needs a filters list.');
    const filters = new Map<ExceptionFilterId, readonly Expectation[] | null>();
    const results: DebugProtocol.Breakpoint[] = [];
    for (const f of args.filters) {
      if (isExceptionFilter(f)) filters.set(f, null);
      results.push({ verified: isExceptionFilter(f), ...(isExceptionFilter(f) ? {} : { message: `unknown filter ${String(f)}` }) });
    }
    for (const o of Array.isArray(args.filterOptions) ? args.filterOptions : []) {
      if (!o || !isExceptionFilter(o.filterId)) {
        results.push({ verified: false, message: `unknown filter ${String(o?.filterId)}` });
        continue;
      }
      if (typeof o.condition === 'string' && o.condition.trim() !== '') {
        const image = this.runtime?.machine.image;
        const c = parseCondition(o.condition, image?.symbols ?? [], image?.storageSize ?? 16 * 1024 * 1024);
        if ('error' in c) {
          results.push({ verified: false, message: `condition: ${c.error}` });
          continue;
        }
        filters.set(o.filterId, c.checks);
      } else filters.set(o.filterId, null);
      results.push({ verified: true });
    }
    this.pendingFilters = filters;
    this.runtime?.setExceptionFilters(filters);
    response.body = { breakpoints: results };
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    const e = this.runtime?.exception;
    if (!e) return this.sendErrorResponse(response, 3027, `Thread ${String(args?.threadId)} is not stopped on an exception.`);
    response.body = { exceptionId: e.filter, description: e.description, breakMode: 'always', details: { message: e.details, typeName: EXCEPTION_FILTERS.find((f) => f.filter === e.filter)?.label ?? e.filter } };
    this.sendResponse(response);
  }

  // --- threads, stacks, variables ---------------------------------------------------------------

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const threads = this.runtime?.threads() ?? [{ id: CPU_THREAD_ID, name: 'CPU' }];
    response.body = { threads: threads.map((t) => new Thread(t.id, t.name)) };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const frames = typeof args?.threadId === 'number' ? (this.runtime?.stack(args.threadId) ?? []) : [];
    const start = Number.isInteger(args?.startFrame) && (args.startFrame as number) > 0 ? (args.startFrame as number) : 0;
    const levels = Number.isInteger(args?.levels) && (args.levels as number) > 0 ? (args.levels as number) : frames.length;
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
    const scope = (name: string, source: VariableSource, set?: (path: readonly string[], value: string) => SetResult, expensive = false): DebugProtocol.Scope =>
      new Scope(name, this.handles.add(source, set ? (field, value) => set([field], value) : undefined), expensive);
    // What each scope may set: README.md "Changing state"; src/debug/setters.ts says why.
    const subchannel = device
      ? { pmcw: pmcwSetter(runtime, this.pokes, device), scsw: scswSetter(runtime, this.pokes, device), orb: orbRefusal }
      : {};
    const irb = irbSetter(runtime, this.pokes);
    response.body = {
      scopes: [
        scope('CCW', () => ccwVariables(runtime, device, this.handles), device ? ccwRefusal(runtime, device) : undefined),
        scope('Subchannel', () => subchannelVariables(runtime, device, this.handles, subchannel)),
        scope('IRB', () => irbVariables(runtime, this.handles, irb), irb),
        scope('vfio-ccw regions', () => ioRegionVariables(device, this.handles, regionRefusal), regionRefusal),
        scope('Device', () => deviceVariables(device, this.handles, deviceRefusal), deviceRefusal),
        scope('Symbols', () => symbolVariables(runtime, ebcdicToText), undefined, true),
      ],
    };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const source = typeof args?.variablesReference === 'number' ? this.handles.get(args.variablesReference) : undefined;
    setValueFormat({ hex: args?.format?.hex === true });
    try {
      const all = source ? source() : [];
      const start = Number.isInteger(args?.start) ? (args.start as number) : 0;
      const count = Number.isInteger(args?.count) && (args.count as number) > 0 ? (args.count as number) : all.length;
      response.body = { variables: all.slice(start, start + count) };
    } finally {
      setValueFormat({ hex: false });
    }
    this.sendResponse(response);
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    const r = this.stopped(response);
    if (!r) return;
    if (typeof args?.name !== 'string' || typeof args.value !== 'string') return this.sendErrorResponse(response, 3030, 'setVariable needs a name and a value.');
    const source = this.handles.get(args.variablesReference);
    const variable = source?.().find((v) => v.name === args.name);
    if (!variable) return this.sendErrorResponse(response, 3031, `There is no variable ${args.name} here.`);
    // A row of an arch structure outside the Symbols and CCW scopes: its scope decides (setters.ts).
    const setter = this.handles.setterOf(args.variablesReference);
    if (setter) {
      const done = setter(args.name, args.value);
      if ('error' in done) return this.sendErrorResponse(response, 3035, done.error);
      response.body = { value: done.value, variablesReference: 0, ...(variable.memoryReference ? { memoryReference: variable.memoryReference } : {}) };
      return this.changedAtStop(response, [new Event('invalidated', { areas: ['variables'] })], true);
    }
    if (!variable.memoryReference) return this.sendErrorResponse(response, 3032, `${args.name} is not in guest storage; it shows state the channel subsystem owns and cannot be set.`);
    const address = Number(variable.memoryReference);
    const result = this.storeValue(r, address, args.name, args.value);
    if ('error' in result) return this.sendErrorResponse(response, 3033, result.error);
    response.body = { value: result.value, variablesReference: 0, memoryReference: String(address) };
    this.changedAtStop(response, [new Event('invalidated', { areas: ['variables'] })]);
  }

  protected override setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): void {
    const r = this.stopped(response);
    if (!r) return;
    if (typeof args?.expression !== 'string' || typeof args.value !== 'string') return this.sendErrorResponse(response, 3030, 'setExpression needs an expression and a value.');
    const mem = /^\s*MEM\(\s*([^,()]+)\s*(?:,\s*(\d+)\s*)?\)\s*$/i.exec(args.expression);
    const target = mem ? this.storageRange(mem[1] as string, false, mem[2] ? Number(mem[2]) : undefined) : this.storageRange(args.expression, false, undefined);
    if (!target) return this.sendErrorResponse(response, 3034, `${args.expression} is not a label or MEM(addr,len) in guest storage.`);
    const result = this.storeValue(r, target.address, target.name, args.value, mem?.[2] ? Number(mem[2]) : undefined);
    if ('error' in result) return this.sendErrorResponse(response, 3033, result.error);
    response.body = { value: result.value, variablesReference: 0, memoryReference: String(target.address) };
    this.changedAtStop(response, [new Event('invalidated', { areas: ['variables'] })]);
  }

  /** Stores a value typed by the user (X'..', C'..', a decimal number) at a guest address. */
  private storeValue(r: Runtime, address: number, name: string, value: string, fixedLength?: number): { value: string } | { error: string } {
    const sym = r.machine.image.symbols.find((s) => s.kind === 'label' && s.value === address);
    const length = fixedLength ?? (sym ? Math.max(1, sym.length) : 1);
    const bytes = parseBytes(value, length);
    if ('error' in bytes) return { error: `${name}: ${bytes.error}` };
    if (!r.writeGuest(address, bytes.bytes)) return { error: `${name}: X'${address.toString(16).toUpperCase()}' is outside guest storage` };
    return { value: storageText(r.machine.guest.read(address, Math.min(length, 4096)) ?? bytes.bytes, ebcdicToText) };
  }

  // --- evaluate, completions, console ---------------------------------------------------------

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    if (typeof args?.expression !== 'string') return this.sendErrorResponse(response, 3040, 'evaluate needs an expression.');
    const r = this.runtime;
    if (!r) return this.sendErrorResponse(response, 3009, 'No program has been launched yet.');
    const text = args.expression.trim();
    if (args.context === 'repl') {
      const answer = runConsoleCommand(text, {
        runtime: r,
        ebcdic: ebcdicToText,
        setTrace: (on) => {
          this.traceToConsole = on;
          r.recordEveryCcw = on;
        },
        traceOn: () => this.traceToConsole,
      });
      if (answer !== null) {
        response.body = { result: answer, variablesReference: 0 };
        return this.sendResponse(response);
      }
    }
    const range = /^[A-Za-z@#$_][A-Za-z0-9@#$_]*$/.test(text) ? this.storageRange(text, false, undefined) : null;
    const sym = r.machine.image.symbols.find((s) => s.name.toUpperCase() === text.toUpperCase());
    if (range && sym?.kind === 'label') {
      const bytes = r.machine.guest.read(range.address, Math.min(range.length, 4096)) ?? new Uint8Array(0);
      response.body = { result: storageText(bytes, ebcdicToText), type: `X'${range.address.toString(16).toUpperCase()}', length ${range.length}`, variablesReference: 0, memoryReference: String(range.address) };
      return this.sendResponse(response);
    }
    if (sym && args.format?.hex) {
      response.body = { result: `0x${sym.value.toString(16).toUpperCase()}`, variablesReference: 0 };
      return this.sendResponse(response);
    }
    const v = r.evaluate(text);
    if ('error' in v) return this.sendErrorResponse(response, 3041, v.error);
    response.body = { result: v.value, variablesReference: 0 };
    this.sendResponse(response);
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    if (typeof args?.text !== 'string' || !Number.isInteger(args.column)) return this.sendErrorResponse(response, 3042, 'completions needs text and column.');
    response.body = {
      targets: consoleCompletions(args.text, args.column, this.runtime).map((t) => ({ label: t.label, type: t.type, start: t.start, length: t.length })),
    };
    this.sendResponse(response);
  }

  // --- memory and disassembly -------------------------------------------------------------------

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    const r = this.runtime;
    if (!r) return this.sendErrorResponse(response, 3009, 'No program has been launched yet.');
    const ref = parseMemoryReference(args?.memoryReference);
    if (!ref || !Number.isInteger(args.count) || args.count < 0) return this.sendErrorResponse(response, 3050, 'readMemory needs a memoryReference (a guest address) and a count.');
    const start = ref.address + (Number.isInteger(args.offset) ? (args.offset as number) : 0);
    const size = ref.space === 'guest' ? r.machine.guest.size : Number.MAX_SAFE_INTEGER;
    const count = Math.max(0, Math.min(args.count, 1 << 20, size - start));
    const bytes = start >= 0 && count > 0 ? readStorage(r, { space: ref.space, address: start }, count) : null;
    response.body = {
      address: `${ref.space === 'host' ? 'host:' : ''}0x${Math.max(0, start).toString(16)}`,
      ...(bytes ? { data: Buffer.from(bytes).toString('base64') } : { unreadableBytes: args.count }),
    };
    this.sendResponse(response);
  }

  protected override writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    const r = this.stopped(response);
    if (!r) return;
    const ref = parseMemoryReference(args?.memoryReference);
    if (!ref || ref.space !== 'guest' || typeof args.data !== 'string') return this.sendErrorResponse(response, 3051, 'writeMemory needs a guest memoryReference and base64 data.');
    const bytes = new Uint8Array(Buffer.from(args.data, 'base64'));
    const start = ref.address + (Number.isInteger(args.offset) ? (args.offset as number) : 0);
    if (!r.writeGuest(start, bytes)) return this.sendErrorResponse(response, 3052, `X'${start.toString(16).toUpperCase()}' + ${bytes.length} is outside guest storage.`);
    response.body = { offset: 0, bytesWritten: bytes.length };
    this.changedAtStop(response, [new Event('memory', { memoryReference: String(ref.address), offset: start - ref.address, count: bytes.length }), new Event('invalidated', { areas: ['variables'] })]);
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    const r = this.runtime;
    if (!r) return this.sendErrorResponse(response, 3009, 'No program has been launched yet.');
    if (!parseMemoryReference(args?.memoryReference) || !Number.isInteger(args.instructionCount)) return this.sendErrorResponse(response, 3053, 'disassemble needs a memoryReference and an instructionCount.');
    response.body = { instructions: disassemble(r, args) };
    this.sendResponse(response);
  }

  protected override loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): void {
    response.body = { sources: [...this.sources.keys()].map((p) => this.sourceFor(p)) };
    this.sendResponse(response);
  }

  protected override sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    const path = typeof args?.source?.path === 'string' ? this.convertClientPathToDebugger(args.source.path) : null;
    const text = path !== null ? this.sources.get(path) : undefined;
    if (text === undefined) return this.sendErrorResponse(response, 3054, 'That source is not part of this program.');
    response.body = { content: text, mimeType: 'text/x-ccw' };
    this.sendResponse(response);
  }

  // --- execution --------------------------------------------------------------------------------

  /** The runtime when the machine is stopped; otherwise an error answer and null. */
  private stopped(response: DebugProtocol.Response): Runtime | null {
    const r = this.runtime;
    if (!r) {
      this.sendErrorResponse(response, 3009, 'No program has been launched yet.');
      return null;
    }
    if (r.isRunning) {
      this.sendErrorResponse(response, 3010, 'The program is running; pause it first.');
      return null;
    }
    return r;
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    const r = this.stopped(response);
    if (!r) return;
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    r.continue();
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    if (!this.validThread(response, args?.threadId)) return;
    this.sendResponse(response);
    this.runtime?.next(args.threadId, granularity(args.granularity));
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    if (!this.validThread(response, args?.threadId)) return;
    this.sendResponse(response);
    this.runtime?.stepIn(args.threadId, granularity(args.granularity));
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    if (!this.validThread(response, args?.threadId)) return;
    this.sendResponse(response);
    this.runtime?.stepOut(args.threadId);
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    if (!this.validThread(response, args?.threadId)) return;
    const error = this.runtime?.stepBack();
    if (error) return this.sendErrorResponse(response, 3060, error);
    this.sendResponse(response);
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse, args: DebugProtocol.ReverseContinueArguments): void {
    if (!this.validThread(response, args?.threadId)) return;
    const error = this.runtime?.reverseContinue();
    if (error) return this.sendErrorResponse(response, 3061, error);
    this.sendResponse(response);
  }

  private validThread(response: DebugProtocol.Response, threadId: unknown): boolean {
    if (!this.runtime) {
      this.sendErrorResponse(response, 3009, 'No program has been launched yet.');
      return false;
    }
    if (this.runtime.isRunning) {
      this.sendErrorResponse(response, 3010, 'The program is running; pause it first.');
      return false;
    }
    if (typeof threadId === 'number' && this.runtime.threads().some((t) => t.id === threadId)) return true;
    this.sendErrorResponse(response, 3011, `There is no thread ${JSON.stringify(threadId)}.`);
    return false;
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    if (!this.runtime) return this.sendErrorResponse(response, 3009, 'No program has been launched yet.');
    this.sendResponse(response);
    this.runtime.pause();
  }

  protected override cancelRequest(response: DebugProtocol.CancelResponse, args: DebugProtocol.CancelArguments): void {
    // Every request but execution is answered at once; what can still be cancelled is a run in
    // progress (continue, reverse, step), which stops within one slice like pause.
    if (args?.requestId !== undefined && !Number.isInteger(args.requestId)) return this.sendErrorResponse(response, 3070, 'cancel: requestId must be a number.');
    this.runtime?.pause();
    this.sendResponse(response);
  }

  protected override restartRequest(response: DebugProtocol.RestartResponse): void {
    const r = this.runtime;
    if (!r) return this.sendErrorResponse(response, 3009, 'No program has been launched yet.');
    this.handles.reset();
    this.traceLines = [];
    this.traceDropped = 0;
    this.sendResponse(response);
    const error = r.restart();
    if (error) this.output(`${error}\n`, 'stderr');
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

  protected override customRequest(command: string, response: DebugProtocol.Response, args?: unknown): void {
    if (command === TRACE_REQUEST) return this.answer(response, 3011, traceRequest(this.runtime, this.settings?.program, this.sources, args));
    if (isPanelRequest(command)) return this.answer(response, 3012, panelRequest(this.runtime, command, args, (p) => this.convertDebuggerPathToClient(p), this.panelsFollow));
    if (command === CUSTOM_REQUESTS.regions) {
      response.body = this.runtime ? regionsSnapshot(this.runtime.machine) : { devices: [] };
      return this.sendResponse(response);
    }
    if (command === CUSTOM_REQUESTS.snapshot) {
      const r = this.runtime;
      if (!r) return this.sendErrorResponse(response, 3009, 'No program has been launched yet.');
      if (r.isRunning) return this.sendErrorResponse(response, 3010, 'The program is running; a snapshot is taken at a stop.');
      response.body = buildSnapshot(r, ebcdicToText, (p) => this.convertDebuggerPathToClient(p));
      return this.sendResponse(response);
    }
    this.sendErrorResponse(response, 3100, `Unknown request ${command}`);
  }

  /** Sends `result.body`, or `result.error` as an error response with `code`. */
  private answer(response: DebugProtocol.Response, code: number, result: { body: unknown } | { error: string }): void {
    if ('error' in result) return this.sendErrorResponse(response, code, result.error);
    response.body = result.body;
    this.sendResponse(response);
  }

  /** Exposed for tests and the bench: the image the session runs. */
  get image(): Image | null {
    return this.runtime?.machine.image ?? null;
  }
}

function granularity(g: unknown): Granularity | undefined {
  return g === 'instruction' || g === 'statement' || g === 'line' ? g : undefined;
}

function toBreakpoint(b: { id: number; verified: boolean; message?: string; instructionReference?: string } | undefined): DebugProtocol.Breakpoint {
  if (!b) return { verified: true };
  return { id: b.id, verified: b.verified, ...(b.message ? { message: b.message } : {}), ...(b.instructionReference ? { instructionReference: b.instructionReference } : {}) };
}

/** X'..' (padded on the left to the length), C'..' (EBCDIC, padded with blanks) or a decimal number. */
function parseBytes(value: string, length: number): { bytes: Uint8Array } | { error: string } {
  const v = value.trim();
  let m = /^X'([0-9A-Fa-f]*)'$/i.exec(v) ?? /^0x([0-9A-Fa-f]+)$/i.exec(v);
  if (m) {
    const digits = (m[1] as string).length % 2 ? `0${m[1]}` : (m[1] as string);
    if (digits.length / 2 > length) return { error: `X'${m[1]}' is longer than the ${length} bytes it is stored in` };
    const out = new Uint8Array(length);
    const off = length - digits.length / 2;
    for (let i = 0; i < digits.length / 2; i++) out[off + i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
    return { bytes: out };
  }
  m = /^C'(.*)'$/i.exec(v);
  if (m) {
    const text = (m[1] as string).replace(/''/g, "'");
    if (text.length > length) return { error: `C'${text}' is longer than the ${length} bytes it is stored in` };
    const out = new Uint8Array(length).fill(0x40);
    const enc = encodeText(text);
    out.set(enc, 0);
    return { bytes: out };
  }
  if (/^\d{1,15}$/.test(v)) {
    let n = Number(v);
    if (n >= 2 ** (8 * Math.min(length, 6))) return { error: `${v} does not fit in ${length} bytes` };
    const out = new Uint8Array(length);
    for (let i = length - 1; i >= 0 && n > 0; i--) {
      out[i] = n % 256;
      n = Math.floor(n / 256);
    }
    return { bytes: out };
  }
  return { error: `write the value as X'..', C'..' or a decimal number, not ${v}` };
}

function encodeText(text: string): Uint8Array {
  return encodeEbcdic(text, '037').bytes;
}
