// The one error class of QFS. Every binding and the CLI throw a QfsError made by qfsError(name, …)
// from a row of the catalogue (./catalogue.ts), so a caller tells errors apart by `.code` (the stable
// name) or `.number`, and a server maps them to HTTP with `.httpStatus` — never by parsing a message.
import { ERROR_CATALOGUE, type QfsErrorName } from "./catalogue.js";

export { ERROR_AREAS, ERROR_CATALOGUE, type ErrorAreaName, type ErrorSpec, type QfsErrorName } from "./catalogue.js";

/** Structured context of an error (a byte offset, a JSON path, …); the keys are named per throw site. */
export type QfsErrorDetails = Readonly<Record<string, unknown>>;

export class QfsError extends Error {
  override readonly name = "QfsError";
  /** The stable name, e.g. "E_NONCE". */
  readonly code: QfsErrorName;
  /** The stable number (docs/errors.md). */
  readonly number: number;
  readonly httpStatus: number;
  readonly details: QfsErrorDetails | undefined;

  constructor(code: QfsErrorName, detail?: string, details?: QfsErrorDetails) {
    const spec = ERROR_CATALOGUE[code];
    // The message starts with the name so logs stay greppable; the detail says what exactly failed.
    super(`${code}: ${detail ?? spec.message}`);
    this.code = code;
    this.number = spec.number;
    this.httpStatus = spec.httpStatus;
    this.details = details;
  }
}

/** Makes the error of catalogue row `code`; `detail` names what failed, `details` carries data for programs. */
export function qfsError(code: QfsErrorName, detail?: string, details?: QfsErrorDetails): QfsError {
  return new QfsError(code, detail, details);
}

/** True for a QfsError (of the given code, if one is given). */
export function isQfsError(e: unknown, code?: QfsErrorName): e is QfsError {
  return e instanceof QfsError && (code === undefined || e.code === code);
}

const BY_NUMBER = new Map<number, QfsErrorName>(
  (Object.keys(ERROR_CATALOGUE) as QfsErrorName[]).map((name) => [ERROR_CATALOGUE[name].number, name]),
);

/** The name of a catalogue number (as the WASM core returns it), or undefined. */
export function errorName(number: number): QfsErrorName | undefined {
  return BY_NUMBER.get(number);
}
