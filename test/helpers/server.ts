import { createNode, type ChorusNode } from '../../server/app.js';
import type { AppConfig, Config } from '../../server/config/types.js';
import { createCapturingLogger, type LogRecord } from '../../server/observability/log.js';
import { makeConfig, TEST_APP } from './config.js';

export interface TestServer {
  readonly node: ChorusNode;
  readonly config: Config;
  readonly port: number;
  readonly host: string;
  readonly httpUrl: string;
  readonly app: AppConfig;
  readonly logs: LogRecord[];
  wsUrl(key?: string, query?: string): string;
  close(): Promise<void>;
}

const running = new Set<TestServer>();

/** Starts a real Chorus node on a random loopback port. */
export async function startServer(
  overrides: Partial<Config> = {},
  app: Partial<AppConfig> = {},
  options: { clientDir?: string; env?: Record<string, string>; onRestart?: () => void } = {},
): Promise<TestServer> {
  const config = makeConfig(overrides, app, options.env);
  const log = createCapturingLogger('debug');
  const { clientDir, onRestart } = options;
  const node = createNode({ config, log, ...(clientDir === undefined ? {} : { clientDir }), ...(onRestart ? { onRestart } : {}) });
  const port = await node.start();
  const prefix = config.pathPrefix;
  const server: TestServer = {
    node, config, port,
    host: '127.0.0.1',
    httpUrl: `http://127.0.0.1:${port}${prefix}`,
    app: config.apps[0]!,
    logs: log.records,
    wsUrl: (key = TEST_APP.key, query = 'protocol=7&client=js&version=8.4.0&flash=false') =>
      `ws://127.0.0.1:${port}${prefix}/app/${key}?${query}`,
    close: async () => {
      running.delete(server);
      await node.shutdown();
    },
  };
  running.add(server);
  return server;
}

/** For afterEach: closes every server a test started. */
export async function closeAllServers(): Promise<void> {
  await Promise.all([...running].map((s) => s.close()));
}
