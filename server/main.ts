#!/usr/bin/env node
/**
 * Entry point: read config (a production start with the development
 * credentials is refused there), then either start one node (print where it
 * listens and the dev credentials, shut down gracefully on SIGTERM / SIGINT
 * or when `chorus restart` asks), or be `chorus restart` or `chorus status`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNode } from './app.js';
import { parseCommand, USAGE } from './cli.js';
import { DEV_CREDENTIALS, environment, loadConfig } from './config/env.js';
import { ConfigError } from './config/parse.js';
import type { Config } from './config/types.js';
import { printStatus } from './status/command.js';
import { createLogger, type Logger } from './observability/log.js';
import { restartNodes } from './restart/command.js';

async function main(): Promise<void> {
  const command = parseCommand(process.argv.slice(2));
  if (command.kind === 'help') return void process.stdout.write(`${USAGE}\n`);
  if (command.kind === 'error') {
    process.stderr.write(`${command.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  let config: Config;
  try {
    config = loadConfig(environment(), command.overrides);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  if (command.kind === 'status') {
    const healthy = await printStatus(config, command.json, (line) => process.stdout.write(`${line}\n`));
    process.exit(healthy ? 0 : 1);
  }
  if (command.kind === 'restart') {
    const restarted = await restartNodes(config, command, (line) => process.stdout.write(`${line}\n`));
    process.exit(restarted ? 0 : 1);
  }
  await serve(config);
}

async function serve(config: Config): Promise<void> {
  const log = createLogger(config.logLevel, config.logFormat, process.stdout, { node: config.scaling.nodeId });
  let stopping = false;
  // A second restart request changes nothing; only a signal hurries a drain (below).
  const restart = (): void => {
    if (!stopping) stop('restart', config.restartSpreadMs);
  };
  const node = createNode({ config, log, clientDir: clientDirectory(), onRestart: restart });
  const port = await node.start();
  announce(config, port, log);
  function stop(reason: string, spreadMs = 0): void {
    // A signal during a restart's spread asks the remaining clients at once: systemd's stop timeout is running.
    if (stopping) return void node.shutdown();
    stopping = true;
    log.info('shutting down', { reason, spread_ms: spreadMs });
    node.shutdown({ spreadMs }).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', { err: error });
        process.exit(1);
      },
    );
  }
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** The built client sits beside the built server: dist/client next to dist/server. */
function clientDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return join(here, '..', 'client');
}

function announce(config: Config, port: number, log: Logger): void {
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const [http, ws] = config.tls ? ['https', 'wss'] : ['http', 'ws'];
  const base = `${http}://${shownHost}:${port}${config.pathPrefix}`;
  for (const app of config.apps) {
    // Only the built-in development secret, public in the source anyway, is ever shown.
    log.info('app', { app_id: app.id, key: app.key, secret: app.secret === DEV_CREDENTIALS.secret ? app.secret : '(from the environment)' });
  }
  // A production start with these credentials never gets here: loadConfig refuses it.
  if (config.usingDevCredentials) log.warn('Using development credentials; set REVERB_APP_ID, REVERB_APP_KEY and REVERB_APP_SECRET for real use.');
  log.info(config.demo.enabled ? 'demo app on (sign-in with a name, share links): for trying Chorus, not for production' : 'demo app off (CHORUS_DEMO=on turns it on)');
  // Last, so that whoever waits for this line has seen the credentials too.
  log.info('Chorus is listening', { url: base, websocket: `${ws}://${shownHost}:${port}${config.pathPrefix}/app/{key}` });
}

main().catch((error: unknown) => {
  process.stderr.write(`Chorus failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
