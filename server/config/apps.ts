import type { AppConfig } from './types.js';

/** Looks apps up by the key clients connect with and the id the HTTP API uses. */
export class AppRegistry {
  private readonly byKey = new Map<string, AppConfig>();
  private readonly byId = new Map<string, AppConfig>();

  constructor(apps: readonly AppConfig[]) {
    for (const app of apps) {
      this.byKey.set(app.key, app);
      this.byId.set(app.id, app);
    }
  }

  findByKey(key: string): AppConfig | undefined {
    return this.byKey.get(key);
  }

  findById(id: string): AppConfig | undefined {
    return this.byId.get(id);
  }

  all(): AppConfig[] {
    return [...this.byId.values()];
  }
}
