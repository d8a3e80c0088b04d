/**
 * The formats documents are exported in and seeded from: apart from the
 * headless editor that converts them, so naming a format never loads it.
 */
export type ExportFormat = 'text' | 'json' | 'markdown' | 'html';
export type SeedFormat = 'text' | 'markdown';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['text', 'json', 'markdown', 'html'];
export const SEED_FORMATS: readonly SeedFormat[] = ['text', 'markdown'];
