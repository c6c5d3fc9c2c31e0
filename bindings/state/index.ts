export * from "./smt.js";
