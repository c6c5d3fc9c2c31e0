// Loads the anchors from bench/anchors/node_modules (module resolution starts at this file).
import { createRequire } from "node:module";

export const loadOqs = () => import("@oqs/liboqs-js");
export const loadPqclean = () => createRequire(import.meta.url)("pqclean");
