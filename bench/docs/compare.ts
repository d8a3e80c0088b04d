/**
 * A table of figures with one column per server and a "Chorus / best peer" ratio: Chorus's figure
 * divided by the better of the two peers' (the lower for costs and latencies, the higher for rates).
 */
import { table } from '../lib/stats.js';

export type Better = 'lower' | 'higher' | 'none';

interface Row { format: (value: number) => string; better: Better; values: (number | undefined)[] }

export class Comparison {
  private readonly rows = new Map<string, Row>();

  constructor(private readonly servers: readonly string[]) {}

  /** Sets the figure of row `label` for server number `server` (Chorus is 0). */
  set(label: string, server: number, value: number, format: (value: number) => string, better: Better = 'lower'): void {
    const row = this.rows.get(label) ?? { format, better, values: this.servers.map(() => undefined) };
    row.values[server] = value;
    this.rows.set(label, row);
  }

  table(): string {
    const body = [...this.rows].map(([label, row]) => [
      label,
      ...row.values.map((v) => (v === undefined ? '—' : row.format(v))),
      ratio(row),
    ]);
    return table(['', ...this.servers, 'Chorus / best peer'], body);
  }
}

function ratio(row: Row): string {
  const [chorus, ...peers] = row.values;
  const known = peers.filter((v): v is number => v !== undefined && Number.isFinite(v) && v > 0);
  if (row.better === 'none' || chorus === undefined || !Number.isFinite(chorus) || known.length === 0) return '—';
  const best = row.better === 'lower' ? Math.min(...known) : Math.max(...known);
  return `${(chorus / best).toFixed(2)}×`;
}
