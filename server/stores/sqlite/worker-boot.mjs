// Starts a TypeScript worker when the server runs from source (tsx, vitest): Node 20 workers do not inherit the
// parent's --import loader, so the worker registers tsx itself and then imports the real entry. From dist/ the
// compiled worker.js is started directly and this file is not used.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
