/**
 * Gets everything the panels show at each stop, keeps the previous stop's values for the
 * changed-value highlight, and hands the model to every panel. The first stop of a session asks
 * with a `ccw/panels` request (with the storage page and DASD track the webviews show) that also
 * follows the panels: from then on the adapter pushes each stop's answer right after `stopped`
 * (follow.ts), and the extension asks again only when a webview moves or a push does not decode.
 * Nothing is fetched while the program runs.
 */
import * as vscode from 'vscode';
import { changedRows, valuesOf } from '../../debug/panels/changes';
import type { FieldRow } from '../../debug/panels/fieldRows';
import type { PanelsModel, PanelsRequest } from '../../debug/panels/panels';
import { PartCache, type PartSnapshot } from '../../debug/panels/parts';
import { PANEL_REQUESTS } from '../../debug/panels/requests';
import { DEBUG_TYPE } from '../configuration';

export type ValueFormat = 'hex' | 'bin' | 'dec';

export interface PanelState {
  readonly session: vscode.DebugSession | null;
  readonly model: PanelsModel | null;
  /** Row key → the value it had at the previous stop ('' for a parent of changed rows). */
  readonly changed: ReadonlyMap<string, string>;
  readonly format: ValueFormat;
}

/** Every row a model holds, for the change comparison. */
function allRows(m: PanelsModel): FieldRow[] {
  const wrap = (key: string, children: readonly FieldRow[]): FieldRow => ({ key, name: key, doc: '', bits: '', offset: 0, length: 0, text: '', children });
  return [
    ...m.regions.flatMap((d) => d.regions.map((r) => wrap(`${d.devno}/${r.name}`, r.rows))),
    ...m.subchannels.map((s) => wrap(s.key, s.rows)),
    ...m.dasd.map((d) => wrap(`${d.devno}/dasd`, [...d.fileMask, ...d.sense])),
  ];
}

export class PanelsController {
  private readonly emitter = new vscode.EventEmitter<PanelState>();
  readonly onDidChange = this.emitter.event;
  private state: PanelState = { session: null, model: null, changed: new Map(), format: 'hex' };
  private previous = new Map<string, string>();
  /** What the webviews show, asked for in the same request. */
  request: { storage?: PanelsRequest['storage']; track?: PanelsRequest['track'] } = {};
  /** The parts of the last answer, so the next one only carries what changed (parts.ts). */
  private readonly parts = new PartCache();
  private partsSession: string | null = null;
  /** The session whose stops come with their panels (it answered a request that follows them). */
  private following: string | null = null;
  /** A `stopped` came and its panels not yet: the next push is a new stop's (else an edit's at the same stop). */
  private stopPending = false;

  get current(): PanelState {
    return this.state;
  }

  /** A `stopped` event: the panels are asked for, unless the session pushes them (pushed()). */
  async stopped(session: vscode.DebugSession): Promise<void> {
    if (session.type !== DEBUG_TYPE) return;
    if (this.following === session.id) {
      this.stopPending = true;
      return;
    }
    await this.askAndShow(session, true);
  }

  /**
   * A `ccw/panels` event: the panels the adapter sends right after a `stopped`, or after a change
   * made at the stop (a variable set, storage written: the change marks stay those of the stop).
   */
  pushed(session: vscode.DebugSession, body: unknown): void {
    if (session.type !== DEBUG_TYPE || this.following !== session.id) return;
    const newStop = this.stopPending;
    this.stopPending = false;
    let model: PanelsModel;
    try {
      model = this.parts.decode<PanelsModel>(body, this.parts.snapshot());
    } catch {
      // Made against an answer this client does not hold yet (a reply of its own crossed it), or
      // the adapter could not build it: asked for with a request, which says why if it fails.
      this.following = null;
      void this.askAndShow(session, newStop);
      return;
    }
    this.show(session, model, newStop);
  }

  /** The panels asked for with a request (which also follows them from then on), shown. */
  private async askAndShow(session: vscode.DebugSession, newStop: boolean): Promise<void> {
    let model: PanelsModel | null;
    try {
      model = await this.fetch(session);
    } catch {
      return;
    }
    if (model) this.show(session, model, newStop);
  }

  /** Shows `model`; at a new stop, the values that changed since the previous one are marked. */
  private show(session: vscode.DebugSession, model: PanelsModel, newStop: boolean): void {
    if (!newStop && this.state.session?.id === session.id) {
      this.state = { ...this.state, model };
      this.emitter.fire(this.state);
      return;
    }
    const rows = allRows(model);
    const sameSession = this.state.session?.id === session.id;
    const changed = sameSession ? changedRows(this.previous, rows) : new Map<string, string>();
    this.previous = valuesOf(rows);
    this.state = { ...this.state, session, model, changed };
    this.emitter.fire(this.state);
  }

  /**
   * One `ccw/panels` answer as the full model, asked so that the next stops are pushed; null when
   * a push overtook it (what it shows is older than what is shown). A session's parts never
   * serve another's.
   */
  private async fetch(session: vscode.DebugSession): Promise<PanelsModel | null> {
    if (this.partsSession !== session.id) {
      this.parts.clear();
      this.partsSession = session.id;
      this.following = null;
    }
    const ask = (snap: PartSnapshot): Thenable<unknown> => session.customRequest(PANEL_REQUESTS.panels, { ...this.request, base: snap.base, follow: true });
    const accept = (answer: unknown, snap: PartSnapshot): PanelsModel | null => {
      if (this.partsSession !== session.id || this.parts.overtaken(answer)) return null;
      const model = this.parts.decode<PanelsModel>(answer, snap);
      // The answer is this stop's: a push from now on is an edit's until the next `stopped`.
      this.following = session.id;
      this.stopPending = false;
      return model;
    };
    const snap = this.parts.snapshot();
    const answer = await ask(snap);
    try {
      return accept(answer, snap);
    } catch {
      // The answer names a part this client dropped (answers crossed): ask for everything. No push
      // is decoded against the emptied parts meanwhile: following starts again with the answer.
      this.following = null;
      this.parts.clear();
      const empty = this.parts.snapshot();
      return accept(await ask(empty), empty);
    }
  }

  setFormat(format: ValueFormat): void {
    this.state = { ...this.state, format };
    void vscode.commands.executeCommand('setContext', 'ccw.panels.format', format);
    this.emitter.fire(this.state);
  }

  ended(session: vscode.DebugSession): void {
    if (this.following === session.id) {
      this.following = null;
      this.stopPending = false;
    }
    if (this.state.session?.id !== session.id) return;
    this.previous = new Map();
    this.parts.clear();
    this.partsSession = null;
    this.state = { ...this.state, session: null, model: null, changed: new Map() };
    this.emitter.fire(this.state);
  }

  /** Refetches at the same stop (a webview asked for another page or track): no change marks move. */
  async refetch(): Promise<void> {
    const session = this.state.session;
    if (!session || !this.state.model) return;
    try {
      const model = await this.fetch(session);
      if (model) this.show(session, model, false);
    } catch {
      // The program runs again: the next stop brings a new model.
    }
  }
}
