/**
 * The panels' custom requests: `ccw/panels` (everything at the stop, optionally with a storage
 * page and a DASD track; with `base`, the answer is what differs from the last one the client
 * decoded; with `follow`, the next stops are pushed: follow.ts),
 * `ccw/panels/storage`, `ccw/panels/track` (on demand, side-effect free) and
 * `ccw/panels/readRegion` (the destructive crw/schib reads, only as an explicit action).
 */
import type { Runtime } from '../../runtime/runtime';
import { readRegionDestructively } from './actions';
import { trackView } from './dasd';
import type { PanelsFollow } from './follow';
import { buildPanels, type PanelsRequest } from './panels';
import { encodeParts } from './parts';
import { storagePage } from './storage';

export const PANEL_REQUESTS = {
  panels: 'ccw/panels',
  storage: 'ccw/panels/storage',
  track: 'ccw/panels/track',
  readRegion: 'ccw/panels/readRegion',
} as const;

export function isPanelRequest(command: string): boolean {
  return command === PANEL_REQUESTS.panels || command.startsWith(`${PANEL_REQUESTS.panels}/`);
}

type Args = Record<string, unknown>;
const num = (a: Args, k: string): number | null => (typeof a[k] === 'number' && Number.isSafeInteger(a[k]) && (a[k] as number) >= 0 ? (a[k] as number) : null);

function panelsArgs(a: Args): PanelsRequest {
  const s = (a.storage ?? null) as Args | null;
  const t = (a.track ?? null) as Args | null;
  const storage = s && num(s, 'address') !== null ? { address: num(s, 'address') as number, length: num(s, 'length') ?? 256 } : undefined;
  const track = t && num(t, 'devno') !== null && num(t, 'cylinder') !== null && num(t, 'head') !== null ? { devno: num(t, 'devno') as number, cylinder: num(t, 'cylinder') as number, head: num(t, 'head') as number } : undefined;
  return { ...(storage ? { storage } : {}), ...(track ? { track } : {}) };
}

/** `follow`: the session's pushes (follow.ts), which a `ccw/panels` request starts, moves or ends. */
export function panelRequest(runtime: Runtime | null, command: string, args: unknown, clientPath: (p: string) => string, follow?: PanelsFollow): { body: unknown } | { error: string } {
  if (!runtime) return { error: 'No program has been launched yet.' };
  if (runtime.isRunning) return { error: 'The program is running; the panels show a stop.' };
  const a: Args = typeof args === 'object' && args !== null ? (args as Args) : {};
  switch (command) {
    case PANEL_REQUESTS.panels: {
      if (a.follow !== undefined && typeof a.follow !== 'boolean') return { error: 'ccw/panels: follow is true or false.' };
      // Pushes are made against the answer before them: only a client that decodes parts can follow.
      if (a.follow === true && !('base' in a)) return { error: 'ccw/panels: follow needs base (null, or the last answer decoded): pushes carry what differs from it.' };
      const views = panelsArgs(a);
      const model = buildPanels(runtime, clientPath, views);
      // A client that sends `base` (the last answer it decoded, or null) decodes parts (parts.ts); any other gets the plain model.
      if (!('base' in a)) {
        if (a.follow === false) follow?.reset();
        return { body: model };
      }
      const answer = encodeParts(model, typeof a.base === 'string' ? a.base : null);
      follow?.answered(answer.$answer, a.follow as boolean | undefined, views);
      return { body: answer };
    }
    case PANEL_REQUESTS.storage: {
      const address = num(a, 'address');
      if (address === null) return { error: 'ccw/panels/storage needs an address (a number).' };
      return { body: storagePage(runtime, address, num(a, 'length') ?? 256) };
    }
    case PANEL_REQUESTS.track: {
      const devno = num(a, 'devno');
      const cylinder = num(a, 'cylinder');
      const head = num(a, 'head');
      if (devno === null || cylinder === null || head === null) return { error: 'ccw/panels/track needs devno, cylinder and head (numbers).' };
      return { body: trackView(runtime.machine, devno, cylinder, head) };
    }
    case PANEL_REQUESTS.readRegion: {
      const devno = num(a, 'devno');
      if (devno === null || (a.region !== 'crw' && a.region !== 'schib')) return { error: 'ccw/panels/readRegion needs devno and region (crw or schib).' };
      const r = readRegionDestructively(runtime.machine, devno, a.region);
      return 'rows' in r ? { body: r } : { error: r.error };
    }
    default:
      return { error: `Unknown request ${command}` };
  }
}
