/**
 * What differs between the desktop extension (Node's fs, streaming DASD images of any size) and
 * the web extension (vscode.workspace.fs only, files read whole): everything else is shared.
 */
import type { DasdOutput } from '../cli/dasd';
import type { DeviceHost } from '../devices/host';

export interface Platform {
  readonly kind: 'desktop' | 'web';
  /**
   * File access for the DEVICE options of `program` (IMAGE=, DECK=, INPUT=, OUTPUT=), relative
   * to its folder. The web one reads the files `program` (and `extraPaths`) names first.
   */
  deviceHost(program: string, extraPaths?: readonly string[]): Promise<DeviceHost | { error: string }>;
  /** `ccw dasd init|ls|dump` with its messages; absent in the web build (images of gigabytes). */
  readonly dasd?: (args: readonly string[], io: DasdOutput) => number;
}
