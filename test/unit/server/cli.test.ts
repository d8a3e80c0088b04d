import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../server/cli.js';

describe('parseCommand', () => {
  it('starts by default, with flags as overrides', () => {
    expect(parseCommand(['--port', '9000', '--debug'])).toEqual({ kind: 'start', overrides: { port: 9000, debug: true } });
  });

  it('reads restart with its node and wait, waiting 120 s unless told', () => {
    expect(parseCommand(['restart'])).toEqual({ kind: 'restart', overrides: {}, node: undefined, waitSeconds: 120 });
    expect(parseCommand(['restart', '--node', 'web-1', '--wait', '0', '--port', '8081']))
      .toEqual({ kind: 'restart', overrides: { port: 8081 }, node: 'web-1', waitSeconds: 0 });
  });

  it('refuses restart flags on start, a bad wait and unknown commands', () => {
    expect(parseCommand(['start', '--node', 'a'])).toMatchObject({ kind: 'error', message: '--node is for chorus restart' });
    expect(parseCommand(['restart', '--wait', 'soon'])).toMatchObject({ kind: 'error', message: '--wait soon is not a number of seconds' });
    expect(parseCommand(['reload'])).toMatchObject({ kind: 'error', message: 'Unknown command "reload"' });
  });

  it('reads status with --json, and refuses its flag elsewhere', () => {
    expect(parseCommand(['status', '--port', '8081'])).toEqual({ kind: 'status', overrides: { port: 8081 }, json: false });
    expect(parseCommand(['status', '--json'])).toEqual({ kind: 'status', overrides: {}, json: true });
    expect(parseCommand(['status', '--wait', '3'])).toMatchObject({ kind: 'error', message: '--wait is for chorus restart' });
    expect(parseCommand(['start', '--json'])).toMatchObject({ kind: 'error', message: '--json is for chorus status' });
  });
});
