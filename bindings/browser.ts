// Browser entry: no Node APIs. Fetches core.wasm next to the package (served as application/wasm).
import "./load-browser.js";
export * from "./api.js";
