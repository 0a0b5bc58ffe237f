/**
 * Following: a client that asks `ccw/panels` with `follow: true` is sent the panels of every later
 * stop as a `ccw/panels` event, right after `stopped`, and after each change made at a stop (a
 * variable set, storage written: after that request's response and events); a standalone adapter
 * writes each group at once (heldWrites.ts). That is the answer it would have asked for next,
 * with the storage page and track of its last request, made against the last answer this
 * adapter sent it (`$base`): the client decodes pushes and answers in the order they arrive, so
 * that is the one it holds. A stop then costs the client no round trip and the adapter no
 * request to dispatch and no second write to the pipe.
 *
 * A client that finds a push it cannot decode (its `$base` is not what it holds: an answer of its
 * own crossed the push) asks again with a request, as after any answer it cannot decode.
 */
import type { Runtime } from '../../runtime/runtime';
import { buildPanels, type PanelsRequest } from './panels';
import { encodeParts } from './parts';

/** The event the pushes come as (the request's name: the body is the request's answer). */
export const PANELS_EVENT = 'ccw/panels';

/** The body of a push that could not be built: the client asks with a request and sees the error. */
export interface PushError {
  readonly error: string;
}

export class PanelsFollow {
  /** What the client's last `follow: true` request showed (storage page, track); null: not following. */
  private views: PanelsRequest | null = null;
  /** The name of the last parts answer sent (request or push): what the client holds when the next push arrives. */
  private last: string | null = null;

  get following(): boolean {
    return this.views !== null;
  }

  /**
   * A parts answer was sent for a request: the next push is made against it. `follow` true starts
   * (or moves to these views) following, false ends it; absent leaves it as it is.
   */
  answered(name: string, follow: boolean | undefined, views: PanelsRequest): void {
    this.last = name;
    if (follow === true) this.views = views;
    else if (follow === false) this.views = null;
  }

  /** Ends following: a client that asks for the plain model (no `base`) with `follow: false` holds no parts to push against. */
  reset(): void {
    this.views = null;
    this.last = null;
  }

  /** The push for this stop (an error when the panels could not be built), or null when no client follows. */
  atStop(runtime: Runtime, clientPath: (p: string) => string): Record<string, unknown> | PushError | null {
    if (this.views === null) return null;
    try {
      const answer = encodeParts(buildPanels(runtime, clientPath, this.views), this.last);
      this.last = answer.$answer;
      return answer;
    } catch (e) {
      // The client then asks with a request; its answer is made against what the client names.
      this.last = null;
      return { error: `The panels could not be built at this stop: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}
