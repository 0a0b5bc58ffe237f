/**
 * Everything the panels show at a stop, built in one call from the runtime (the `ccw/panels`
 * request): one round trip per stop. Building it reads state only. A client may name the
 * storage page and the DASD track it shows, so they come in the same answer.
 */
import type { Runtime } from '../../runtime/runtime';
import { channelPrograms, type ChannelProgramPanel } from './channelProgram';
import { dasdPanels, trackView, type DasdPanel, type TrackView } from './dasd';
import { irbHistory, type IrbEntry } from './irbHistory';
import { recorderOf } from './recorder';
import { regionsPanel, type DeviceRegionsPanel } from './regions';
import { storagePage, type StoragePage } from './storage';
import { subchannelsPanel, type SubchannelPanel } from './subchannels';

export interface PanelsRequest {
  readonly storage?: { readonly address: number; readonly length: number };
  readonly track?: { readonly devno: number; readonly cylinder: number; readonly head: number };
}

export interface PanelsModel {
  readonly path: 'vfio' | 'direct';
  /** Where in the session this stop is: machine atoms and virtual time (ns). */
  readonly stop: { readonly atoms: number; readonly time: number };
  readonly regions: readonly DeviceRegionsPanel[];
  readonly subchannels: readonly SubchannelPanel[];
  readonly irbs: readonly IrbEntry[];
  readonly dasd: readonly DasdPanel[];
  readonly programs: readonly ChannelProgramPanel[];
  readonly storage: StoragePage | null;
  readonly track: TrackView | null;
}

export function buildPanels(runtime: Runtime, clientPath: (p: string) => string, request: PanelsRequest = {}): PanelsModel {
  const m = runtime.machine;
  const recorder = recorderOf(runtime);
  return {
    path: m.path,
    stop: { atoms: runtime.atoms, time: m.scheduler.now },
    regions: regionsPanel(m),
    subchannels: subchannelsPanel(m),
    irbs: irbHistory(runtime, recorder, clientPath),
    dasd: dasdPanels(m, recorder),
    programs: channelPrograms(runtime, clientPath),
    storage: request.storage ? storagePage(runtime, request.storage.address, request.storage.length) : null,
    track: request.track ? trackView(m, request.track.devno, request.track.cylinder, request.track.head) : null,
  };
}

/** Starts listening to the machine (intparms, DASD track touches) before the first stop is built. */
export function attachPanels(runtime: Runtime): void {
  recorderOf(runtime);
}
