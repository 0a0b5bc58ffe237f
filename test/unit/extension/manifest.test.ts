import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { validateLaunch } from '../../../src/debug/launchConfig';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command: string }[]>;
    debuggers: { configurationAttributes: { launch: { properties: Record<string, { default?: unknown }> } } }[];
    walkthroughs: { steps: { media: { markdown?: string } }[] }[];
  };
  icon: string;
  main: string;
  browser: string;
  activationEvents: string[];
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

describe('package.json contributions', () => {
  test('every menu entry names a contributed command', () => {
    const commands = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) for (const e of entries) expect(commands.has(e.command), `${menu}: ${e.command}`).toBe(true);
  });

  test('the launch.json schema describes exactly what the adapter accepts: every default validates', () => {
    const props = pkg.contributes.debuggers[0]!.configurationAttributes.launch.properties;
    const config: Record<string, unknown> = { program: '/ws/a.ccw' };
    for (const [name, p] of Object.entries(props)) if (name !== 'program' && p.default !== undefined) config[name] = p.default;
    config.path = 'direct';
    expect(validateLaunch(config)).not.toHaveProperty('error');
    expect(Object.keys(props).sort()).toEqual(['devices', 'historyLimit', 'maxCcws', 'path', 'program', 'stopOnEntry', 'storage', 'trace', 'verboseTrace']);
  });

  test('the files the manifest names exist', () => {
    for (const f of [pkg.icon, ...pkg.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown ?? ''))]) expect(existsSync(f), f).toBe(true);
  });

  test('activation is limited to .ccw files and ccw debug sessions', () => {
    for (const e of pkg.activationEvents) expect(e).toMatch(/ccw/);
  });
});
