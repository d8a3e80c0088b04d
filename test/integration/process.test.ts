import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/raw-client.js';
import { runNode, startNodeProcess, type NodeProcess } from '../helpers/process.js';

const started: NodeProcess[] = [];

afterEach(() => {
  for (const node of started.splice(0)) if (node.child.exitCode === null) node.child.kill('SIGKILL');
});

describe('the chorus process', () => {
  it('starts with --host/--port flags, prints its URL and credentials, answers /up', async () => {
    const node = await startNodeProcess();
    started.push(node);
    expect(node.output()).toContain('"key":"test-key"');
    const up = await fetch(`http://127.0.0.1:${node.port}/up`);
    expect(up.status).toBe(200);
  });

  it('on SIGTERM sends pusher:error 4200 to every client, closes with 4200 and exits 0', async () => {
    const node = await startNodeProcess();
    started.push(node);
    const clients = await Promise.all([1, 2].map(() => RawClient.connect(`ws://127.0.0.1:${node.port}/app/test-key?protocol=7`)));
    node.child.kill('SIGTERM');
    for (const client of clients) {
      const error = await client.next('pusher:error');
      expect((error.parsed as { code: number }).code).toBe(4200);
      expect((await client.waitClosed()).code).toBe(4200);
    }
    expect(await node.exited()).toEqual({ code: 0, signal: null });
  });

  it('refuses invalid configuration with one line naming each variable, exit 1', async () => {
    const run = runNode(['start'], { REVERB_SERVER_PORT: 'eighty', REVERB_APP_ACCEPT_CLIENT_EVENTS_FROM: 'everyone' });
    const { code } = await run.exited();
    expect(code).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => /^Invalid configuration: REVERB_SERVER_PORT=eighty is not/.test(l))).toBe(true);
    expect(lines.some((l) => /^Invalid configuration: REVERB_APP_ACCEPT_CLIENT_EVENTS_FROM=everyone must be/.test(l))).toBe(true);
  });

  it('refuses a bad apps file with one line naming the file and every problem, exit 1', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'chorus-apps-')), 'apps.json');
    writeFileSync(file, JSON.stringify({ apps: [{ id: 'a', key: 'k', secret: 's', webhooks: [{ url: 'not a url' }] }, { id: 'a', key: 'k2' }] }));
    const run = runNode(['start'], { CHORUS_APPS_FILE: file });
    expect((await run.exited()).code).toBe(1);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: CHORUS_APPS_FILE=.*apps\.json: /);
    expect(lines[0]).toContain('apps[0].webhooks[0]: the url must be an http:// or https:// URL; apps[1].secret is missing; two apps share the id "a"');
  });

  it('logs connections and messages in debug mode, and no payloads otherwise', async () => {
    const quiet = await startNodeProcess();
    const loud = await startNodeProcess({}, ['--debug']);
    started.push(quiet, loud);
    for (const node of [quiet, loud]) {
      const client = await RawClient.connect(`ws://127.0.0.1:${node.port}/app/test-key?protocol=7`);
      client.send({ event: 'pusher:subscribe', data: { channel: 'secret-payload-channel' } });
      await client.next('pusher_internal:subscription_succeeded');
      client.close();
      await client.waitClosed();
    }
    expect(quiet.output()).not.toContain('secret-payload-channel');
    expect(loud.output()).toContain('"msg":"connection established"');
    expect(loud.output()).toContain('secret-payload-channel');
  });
});
