/**
 * The Yjs shared type that holds the editor's content, as @lexical/yjs binds
 * it. Its own module: the server reads documents by it at start-up without
 * loading Lexical, which it loads only to seed and export (see nodes.ts).
 */
export const DOC_ROOT = 'root';
