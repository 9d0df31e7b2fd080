/** Types for dynalite 4 (the package ships none): an HTTP server speaking the DynamoDB API. */
declare module 'dynalite' {
  import type { Server } from 'node:http';
  interface DynaliteOptions {
    /** LevelDB folder; in memory when absent */
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    verbose?: boolean;
    ssl?: boolean;
  }
  export default function dynalite(options?: DynaliteOptions): Server;
}
